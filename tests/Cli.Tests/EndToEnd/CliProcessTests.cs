using System.Text.Json;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Tests.Support;

namespace Classroom.Cli.Tests.EndToEnd;

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

    [Fact]
    public void Videos_sharing_a_name_get_their_own_csvs_whatever_the_parallelism_and_the_json_names_each()
    {
        var (facesFile, studentsFile) = RosterFiles();
        var batch = new[] { "a/x.mp4", "b/x.mp4", "c/x-2.mp4" }.Select(v => _work.PathOf("in/" + v)).ToArray();
        foreach (var (video, source) in batch.Zip(["enrolled.mp4", "unknown.mp4", "no-record.mp4"]))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(video)!);
            File.Copy(videos.PathOf(source), video);
        }

        var runs = new[] { "1", "2" }.Select(parallel => Cli(["process", .. batch, "--faces", facesFile, "--students", studentsFile,
            "--json", "--parallel", parallel, "--out", _work.PathOf("out" + parallel), "--data", _work.PathOf("data")])).ToList();

        foreach (var (run, parallel) in runs.Zip(["1", "2"]))
        {
            Assert.Equal(0, run.Exit);
            var csvs = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("csv").GetString()).ToList();
            var folder = _work.PathOf("out" + parallel);
            Assert.Equal(["a/x.csv", "b/x.csv", "x-2.csv"], csvs.Select(c => Path.GetRelativePath(folder, c!).Replace('\\', '/')));
            Assert.Equal("name,major,year\r\nada,computer_science,junior\r\n", File.ReadAllText(csvs[0]!));
            Assert.Equal("name,major,year\r\n", File.ReadAllText(csvs[1]!));
            Assert.Equal("name,major,year\r\nbarbara,,\r\n", File.ReadAllText(csvs[2]!));
        }
    }

    [Fact]
    public void A_folder_is_read_with_its_subfolders_and_what_is_skipped_is_said()
    {
        var (facesFile, studentsFile) = RosterFiles();
        Directory.CreateDirectory(_work.PathOf("class/week2"));
        File.Copy(videos.PathOf("enrolled.mp4"), _work.PathOf("class/week2/ada.mp4"));
        File.WriteAllText(_work.PathOf("class/notes.txt"), "not a video");

        var run = Cli("process", _work.PathOf("class"), "--faces", facesFile, "--students", studentsFile, "--json", "--data", _work.PathOf("data"));

        Assert.Equal(0, run.Exit);
        Assert.Single(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("ada", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("skipped 1 file(s)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistyped_store_is_an_error_and_an_empty_roster_a_warning()
    {
        var missing = Cli("process", videos.PathOf("enrolled.mp4"), "--data", _work.PathOf("no-such-store"));
        Directory.CreateDirectory(_work.PathOf("empty"));
        var empty = Cli("process", videos.PathOf("enrolled.mp4"), "--data", _work.PathOf("empty"), "--json");

        Assert.Equal(2, missing.Exit);
        Assert.Contains("no store at", missing.Stderr, StringComparison.Ordinal);
        Assert.Single(missing.Stderr.Trim().Split('\n'));
        Assert.Equal(0, empty.Exit);
        Assert.Contains("no known faces", empty.Stderr, StringComparison.Ordinal);
        Assert.Contains("no known faces", JsonDocument.Parse(empty.Stdout).RootElement.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Save_keeps_the_files_roster_so_the_next_run_needs_no_files_and_says_who_has_no_record()
    {
        var (facesFile, studentsFile) = RosterFiles();
        var data = _work.PathOf("saved");

        var first = Cli("process", videos.PathOf("enrolled.mp4"), "--faces", facesFile, "--students", studentsFile, "--save", "--json", "--data", data);
        var second = Cli("process", videos.PathOf("enrolled.mp4"), "--json", "--data", data);
        var nothing = Cli("process", videos.PathOf("enrolled.mp4"), "--save", "--data", data);

        Assert.Equal(0, first.Exit);
        Assert.Contains("saved ", first.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, second.Exit);
        Assert.Equal("recognized", JsonDocument.Parse(second.Stdout).RootElement.GetProperty("status").GetString());
        Assert.Contains("ada", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, nothing.Exit); // --save with no file to save
        // The cast's barbara has a face but no record: said once, before any work.
        Assert.Contains("no student record, so a video of them gives no_record: barbara", second.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Escape_characters_in_a_video_name_reach_the_table_as_text()
    {
        var (facesFile, studentsFile) = RosterFiles();
        var video = _work.PathOf("room\u001b[2J\u001b]0;pwned\u0007.mp4");
        File.Copy(videos.PathOf("enrolled.mp4"), video);

        var run = Cli("process", video, "--faces", facesFile, "--students", studentsFile, "--out", _work.PathOf("out"), "--data", _work.PathOf("data"));

        Assert.Equal(0, run.Exit);
        Assert.DoesNotContain('\u001b', run.Stdout + run.Stderr);
        Assert.Contains("room\\x1B[2J", run.Stdout, StringComparison.Ordinal);
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
