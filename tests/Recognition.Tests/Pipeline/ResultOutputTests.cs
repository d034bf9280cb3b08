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
        Assert.Equal("test_0.csv", ResultCsv.FileNameFor(result.Video));
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
    public void Statuses_are_snake_case(VideoStatus status, string name) => Assert.Equal(name, ResultJson.StatusName(status));
}
