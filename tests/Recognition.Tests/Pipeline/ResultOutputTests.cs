using System.Text.Json;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Pipeline;

namespace Classroom.Recognition.Tests.Pipeline;

public sealed class ResultOutputTests
{
    private static StudentSighting Sighting(string name, string? major, string? year) =>
        new(name, major, year, 0.31234, TimeSpan.FromSeconds(1.5), new FaceBox(10.4f, 20.6f, 100, 120, 0.98765f));

    [Fact]
    public void The_csv_is_the_originals_header_and_one_row_per_student()
    {
        var result = new VideoResult("a/b/test_0.mp4", VideoStatus.Recognized, [Sighting("president_trump", "physics", "junior")], 0);

        Assert.Equal("name,major,year\r\npresident_trump,physics,junior\r\n", ResultCsv.ToText(result));
        Assert.Equal("test_0.csv", ResultNames.FileNameFor(result.Video));
    }

    [Fact]
    public void Csv_cells_that_a_spreadsheet_would_run_are_neutralised_and_commas_quoted()
    {
        var result = new VideoResult("v", VideoStatus.Recognized,
            [Sighting("=HYPERLINK(\"x\")", "+1", "-2"), Sighting("@sum", "a,b", null)], 0);

        var lines = ResultCsv.ToText(result).Split("\r\n");

        // OWASP's advice, as CsvHelper's InjectionOptions.Escape applies it: a leading ' and the cell quoted.
        Assert.Equal("\"'=HYPERLINK(\"\"x\"\")\",\"'+1\",\"'-2\"", lines[1]);
        Assert.Equal("\"'@sum\",\"a,b\",", lines[2]);
    }

    [Fact]
    public void No_face_and_errors_give_just_the_header()
    {
        Assert.Equal("name,major,year\r\n", ResultCsv.ToText(new VideoResult("v", VideoStatus.NoFace, [], 0)));
    }

    [Fact]
    public void The_json_carries_status_distance_time_and_box()
    {
        var json = ResultJson.ToJson(new VideoResult("Klasse ☺.mp4", VideoStatus.Recognized, [Sighting("ada", "math", "junior")], 2));

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("Klasse ☺.mp4", root.GetProperty("video").GetString());
        Assert.Equal("recognized", root.GetProperty("status").GetString());
        Assert.Equal(2, root.GetProperty("unknown_faces").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("error").ValueKind);
        var student = root.GetProperty("students")[0];
        Assert.Equal(0.3123, student.GetProperty("distance").GetDouble());
        Assert.Equal(1.5, student.GetProperty("time").GetDouble());
        Assert.Equal(10, student.GetProperty("box").GetProperty("x").GetInt32());
        Assert.Equal(21, student.GetProperty("box").GetProperty("y").GetInt32());
        Assert.DoesNotContain('\n', json);
    }

    [Theory]
    [InlineData(VideoStatus.UnknownPerson, "unknown_person")]
    [InlineData(VideoStatus.NoFace, "no_face")]
    [InlineData(VideoStatus.NoRecord, "no_record")]
    [InlineData(VideoStatus.Error, "error")]
    [InlineData(VideoStatus.Ambiguous, "ambiguous")]
    public void Statuses_are_snake_case(VideoStatus status, string name) => Assert.Equal(name, status.ToName());

    [Fact]
    public void An_ambiguous_result_names_nobody_in_the_csv_and_carries_both_candidates_in_the_json()
    {
        var result = new VideoResult("v.mp4", VideoStatus.Ambiguous, [], 1, null, [new("ada", 0.51234), new("bob", 0.55)]);

        Assert.Equal("name,major,year\r\n", ResultCsv.ToText(result));
        using var doc = JsonDocument.Parse(ResultJson.ToJson(result));
        var candidates = doc.RootElement.GetProperty("candidates");
        Assert.Equal(("ada", 0.5123), (candidates[0].GetProperty("name").GetString(), candidates[0].GetProperty("distance").GetDouble()));
        Assert.Equal("bob", candidates[1].GetProperty("name").GetString());
        Assert.Equal("ambiguous", doc.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void The_json_gives_each_students_margin_and_frames_and_null_for_an_unbounded_margin()
    {
        var one = new VideoResult("v", VideoStatus.Recognized, [Sighting("ada", "math", "junior") with { Margin = 0.23456, Frames = 3 }, Sighting("bob", null, null)], 0);

        using var doc = JsonDocument.Parse(ResultJson.ToJson(one));
        var students = doc.RootElement.GetProperty("students");
        Assert.Equal((0.2346, 3), (students[0].GetProperty("margin").GetDouble(), students[0].GetProperty("frames").GetInt32()));
        Assert.Equal(JsonValueKind.Null, students[1].GetProperty("margin").ValueKind);
    }

    [Fact]
    public void The_json_names_the_csv_written_and_the_runs_warnings()
    {
        var result = new VideoResult("v.mp4", VideoStatus.UnknownPerson, [], 1, Warnings: ["the roster holds no known faces"]);

        using var written = JsonDocument.Parse(ResultJson.ToJson(result, "/out/v.csv"));
        using var none = JsonDocument.Parse(ResultJson.ToJson(result with { Warnings = null }));
        Assert.Equal("/out/v.csv", written.RootElement.GetProperty("csv").GetString());
        Assert.Equal("the roster holds no known faces", written.RootElement.GetProperty("warnings")[0].GetString());
        Assert.Equal(JsonValueKind.Null, none.RootElement.GetProperty("csv").ValueKind);
        Assert.Equal(0, none.RootElement.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public async Task A_csv_as_long_as_a_file_name_may_be_is_written_and_a_failed_write_leaves_no_temp_file()
    {
        var folder = Directory.CreateTempSubdirectory("classroom-csv-");
        try
        {
            var result = new VideoResult("v", VideoStatus.Recognized, [Sighting("ada", "math", "junior")], 0);
            var name = new string('x', 251) + ".csv"; // 255 bytes: before, the temp name (name + .PID.tmp) overflowed
            Assert.Equal(Path.Combine(folder.FullName, name), await ResultFile.WriteFileAsync(result, folder.FullName, name, CancellationToken.None));

            using var cancelled = new CancellationTokenSource();
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ResultFile.WriteFileAsync(result, folder.FullName, "other.csv", cancelled.Token));

            Assert.Equal([name], folder.EnumerateFiles("*", new EnumerationOptions { AttributesToSkip = 0 }).Select(f => f.Name));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Both hosts write alike (the function's blobs use the same names and bytes): one input, one result.</summary>
    [Fact]
    public async Task An_error_is_written_as_error_json_where_its_csv_would_go_and_each_kind_replaces_the_other()
    {
        var folder = Directory.CreateTempSubdirectory("classroom-result-");
        try
        {
            var recognized = new VideoResult("in/test_0.mp4", VideoStatus.Recognized, [Sighting("ada", "math", "junior")], 0);
            var failed = new VideoResult("in/test_0.mp4", VideoStatus.Error, [], 0, "file is empty");

            var csv = await ResultFile.WriteFileAsync(recognized, folder.FullName, null, CancellationToken.None);
            var error = await ResultFile.WriteFileAsync(failed, folder.FullName, null, CancellationToken.None);

            Assert.Equal(Path.Combine(folder.FullName, "test_0.error.json"), error);
            Assert.Equal(["test_0.error.json"], folder.EnumerateFiles().Select(f => f.Name));
            using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(error)))
            {
                Assert.Equal("error", json.RootElement.GetProperty("status").GetString());
                Assert.Equal("file is empty", json.RootElement.GetProperty("error").GetString());
            }

            Assert.Equal(csv, await ResultFile.WriteFileAsync(recognized, folder.FullName, null, CancellationToken.None));
            Assert.Equal(["test_0.csv"], folder.EnumerateFiles().Select(f => f.Name));
            Assert.Equal(ResultNames.Error("in/test_0.mp4"), "in/" + Path.GetFileName(error));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
