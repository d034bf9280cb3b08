using Classroom.Cli.Workload;

namespace Classroom.Cli.Tests.EndToEnd;

/// <summary>The workload's plan (manifest, repeats) and grader (the original's mapping format, expected names).</summary>
public sealed class WorkloadGradingTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("classroom-workload-plan-").FullName;

    private static readonly WorkloadVideo Trump = new("test_0.mp4", "/v/test_0.mp4", "president_trump", "test_0.mp4");

    [Fact]
    public void The_originals_mapping_is_read_and_freshmen_is_freshman()
    {
        var mapping = WorkloadGrader.ReadMapping(Write("mapping", "test_0.mp4:physics,junior\n\ntest_2.mp4:lawyer,freshman\n"));
        const string freshmenCsv = "name,major,year\r\nmr_bean,lawyer,freshmen\r\n"; // the original's student_data.json spelling

        Assert.Equal(new MappedRecord("physics", "junior"), mapping["test_0.mp4"]);
        Assert.True(WorkloadGrader.Grade(new("test_2.mp4", "x", null, "test_2.mp4"), mapping["test_2.mp4"], "recognized", freshmenCsv).Correct);
        Assert.False(WorkloadGrader.Grade(new("test_2.mp4", "x", null, "test_2.mp4"), new MappedRecord("lawyer", "senior"), "recognized", freshmenCsv).Correct);
    }

    [Theory]
    [InlineData("test_0.mp4 physics,junior")]
    [InlineData("test_0.mp4:physics")]
    [InlineData("test_0.mp4:physics,,")]
    public void A_bad_mapping_line_is_named_with_its_number(string line)
    {
        var error = Assert.Throws<InvalidDataException>(() => WorkloadGrader.ReadMapping(Write("mapping", $"test_1.mp4:math,senior\n{line}\n")));

        Assert.Contains("mapping:2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_result_is_right_only_when_name_and_record_both_match()
    {
        var mapped = new MappedRecord("physics", "junior");

        Assert.True(WorkloadGrader.Grade(Trump, mapped, "recognized", "name,major,year\r\npresident_trump,physics,junior\r\n").Correct);
        Assert.False(WorkloadGrader.Grade(Trump, mapped, "recognized", "name,major,year\r\npresident_biden,physics,junior\r\n").Correct);
        Assert.False(WorkloadGrader.Grade(Trump, mapped, "recognized", "name,major,year\r\npresident_trump,history,junior\r\n").Correct);
        Assert.False(WorkloadGrader.Grade(Trump, mapped, "unknown_person", "name,major,year\r\n").Correct);
        Assert.False(WorkloadGrader.Grade(Trump, mapped, "error", "{\"status\":\"error\"}").Correct);
        Assert.Equal("no result in time", WorkloadGrader.Grade(Trump, mapped, null, null).Reason);
    }

    [Fact]
    public void An_empty_expected_name_means_nobody_and_no_expectation_means_ungraded()
    {
        var nobody = Trump with { ExpectedName = "" };
        var unknown = Trump with { ExpectedName = null };

        Assert.True(WorkloadGrader.Grade(nobody, null, "no_face", "name,major,year\r\n").Correct);
        Assert.False(WorkloadGrader.Grade(nobody, null, "recognized", "name,major,year\r\npresident_trump,physics,junior\r\n").Correct);
        Assert.False(WorkloadGrader.Grade(unknown, null, "recognized", "name,major,year\r\n").Graded);
    }

    [Fact]
    public void Quoted_cells_are_read_as_the_csv_writer_writes_them()
    {
        var rows = WorkloadGrader.CsvRows("name,major,year\r\n\"o'neil, jr\",\"say \"\"hi\"\"\",junior\r\n").ToList();

        Assert.Equal(["o'neil, jr", "say \"hi\"", "junior"], rows[1]);
    }

    [Fact]
    public void A_manifest_becomes_its_rows_and_a_count_repeats_them_in_their_own_folders()
    {
        var clips = Directory.CreateDirectory(Path.Combine(folder, "videos")).FullName;
        File.WriteAllText(Path.Combine(clips, "test_0.mp4"), "x");
        File.WriteAllText(Path.Combine(clips, "test_1.mp4"), "x");
        var manifest = Write("workload.csv", "video,source_clip,expected_name\ntest_0.mp4,test_0.mp4,president_trump\ntest_9.mp4,test_1.mp4,\ntest_5.mp4,test_0.mp4,president_trump\n");

        var plan = WorkloadPlan.FromManifest(manifest, clips);
        var sized = WorkloadPlan.Sized(plan, 7);

        Assert.Equal(["test_0.mp4", "test_9.mp4", "test_5.mp4"], plan.Select(v => v.Name));
        Assert.Equal(Path.Combine(clips, "test_1.mp4"), plan[1].Source);
        Assert.Equal("", plan[1].ExpectedName);
        Assert.Equal(7, sized.Count);
        Assert.Equal(["copy-2/test_0.mp4", "copy-2/test_9.mp4", "copy-2/test_5.mp4", "copy-3/test_0.mp4"], sized.Skip(3).Select(v => v.Name));
        Assert.Equal(7, sized.Select(v => v.Name).Distinct().Count());
        Assert.All(sized, v => Assert.Equal(plan.Single(p => p.Name == v.MappingKey).ExpectedName, v.ExpectedName)); // a copy keeps its original's expectations
        Assert.Equal(["test_0.mp4", "test_9.mp4"], WorkloadPlan.Sized(plan, 2).Select(v => v.Name));
    }

    [Theory]
    [InlineData("video,source_clip\ntest_0.mp4,missing.mp4\n", "is not in")]
    [InlineData("video,source_clip\n../x.mp4,test_0.mp4\n", "relative names")]
    [InlineData("video,source_clip\ntest_0.mp4,../test_0.mp4\n", "relative names")]
    [InlineData("video,source_clip\nt.mp4,test_0.mp4\nT.mp4,test_0.mp4\n", "listed twice")]
    [InlineData("clip\ntest_0.mp4\n", "first line")]
    public void A_bad_manifest_is_refused_with_the_line(string text, string expected)
    {
        var clips = Directory.CreateDirectory(Path.Combine(folder, "clips")).FullName;
        File.WriteAllText(Path.Combine(clips, "test_0.mp4"), "x");

        var error = Assert.Throws<InvalidDataException>(() => WorkloadPlan.FromManifest(Write("m.csv", text), clips));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var sorted = Enumerable.Range(1, 100).Select(i => (double)i).ToList();

        Assert.Equal(50, WorkloadReport.Percentile(sorted, 0.50));
        Assert.Equal(95, WorkloadReport.Percentile(sorted, 0.95));
        Assert.Equal(7, WorkloadReport.Percentile([7], 0.95));
        Assert.Null(WorkloadReport.Percentile([], 0.5));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
