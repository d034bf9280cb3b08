using System.Text.Json;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Tests.Support;

namespace Classroom.Recognition.Tests.EndToEnd;

/// <summary>The <c>classroom</c> command as a user runs it (the built CLI, in its own process).</summary>
[Collection(PipelineTestGroup.Name)]
public sealed class CliProcessTests(PipelineVideos videos) : IDisposable
{
    private readonly MediaFolder _work = new();

    [Fact]
    public void Imported_roster_then_process_writes_csvs_prints_the_table_and_exits_0()
    {
        var (facesFile, studentsFile) = RosterFiles();
        var data = _work.PathOf("data");
        Assert.Equal(0, Cli("faces", "import", facesFile, "--data", data).Exit);
        Assert.Equal(0, Cli("students", "import", studentsFile, "--data", data).Exit);

        var run = Cli("process", videos.PathOf("enrolled.mp4"), videos.PathOf("no-record.mp4"), "--data", data, "--out", _work.PathOf("out"));

        Assert.Equal(0, run.Exit);
        Assert.Contains("recognized", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("no_record", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("name,major,year\r\nada,computer_science,junior\r\n", File.ReadAllText(_work.PathOf("out/enrolled.csv")));
        Assert.Equal("name,major,year\r\nbarbara,,\r\n", File.ReadAllText(_work.PathOf("out/no-record.csv")));
    }

    [Fact]
    public void With_json_stdout_is_one_object_per_video_and_a_bad_file_makes_the_exit_code_1()
    {
        var (facesFile, studentsFile) = RosterFiles();
        string[] batch = [videos.PathOf("enrolled.mp4"), videos.RandomBytes, videos.Missing, videos.PathOf("unknown.mp4")];

        var run = Cli(["process", .. batch, "--faces", facesFile, "--students", studentsFile, "--json", "--mode", "all", "--data", _work.PathOf("data")]);

        Assert.Equal(1, run.Exit);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(batch.Length, lines.Length);
        var documents = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(batch, documents.Select(d => d.GetProperty("video").GetString()));
        Assert.Equal(["recognized", "error", "error", "unknown_person"], documents.Select(d => d.GetProperty("status").GetString()));
        Assert.Equal("ada", documents[0].GetProperty("students")[0].GetProperty("name").GetString());
        Assert.Equal("file not found", documents[2].GetProperty("error").GetString());
        Assert.False(Directory.Exists(_work.PathOf("results")), "--json writes no CSVs unless --out is given");
    }

    private (string Faces, string Students) RosterFiles()
    {
        var faces = _work.PathOf("faces.json");
        KnownFacesFile.Write(faces, videos.Cast.Students.Select(s => new KnownFace(s.Name, s.Descriptor)));
        var students = _work.PathOf("students.json");
        using (var stream = File.Create(students))
        {
            StudentRecordsFile.Write(stream, videos.Cast.Students.Where(s => s.Record is not null).Select(s => s.Record!));
        }

        return (faces, students);
    }

    private (int Exit, string Stdout, string Stderr) Cli(params string[] args) =>
        MediaFolder.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "classroom.dll"), .. args], _work.Root);

    public void Dispose() => _work.Dispose();
}
