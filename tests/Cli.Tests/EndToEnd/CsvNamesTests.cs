using Classroom.Recognition.Pipeline;

namespace Classroom.Cli.Tests.EndToEnd;

/// <summary>CSV names are decided from the batch's inputs alone: the same inputs give the same names, never one name twice.</summary>
public sealed class CsvNamesTests
{
    [Fact]
    public void A_unique_stem_keeps_the_originals_name()
    {
        Assert.Equal(["test_0.csv", "test_1.csv"], ResultNames.Plan(["/v/test_0.mp4", "/w/test_1.mov"]));
    }

    [Fact]
    public void Stems_shared_across_folders_keep_the_folders_and_within_one_folder_the_extension()
    {
        var names = ResultNames.Plan(["/v/a/x.mp4", "/v/b/x.mp4", "/v/c/x-2.mp4", "/v/a/x.mov"]);

        Assert.Equal(["a/x.mp4.csv", "b/x.csv", "x-2.csv", "a/x.mov.csv"], names);
    }

    [Fact]
    public void A_name_left_shared_gets_a_hash_of_the_path_and_case_never_separates_two_names()
    {
        var names = ResultNames.Plan(["/v/x.mp4", "/v/x.mov", "/v/x.mp4.mp4", "/v/A/y.mp4", "/v/a/y.mp4"]);

        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal("x.mp4.csv", names[0]);
        Assert.Matches("^x\\.mp4-[0-9a-f]{10}\\.csv$", names[2]);
        Assert.Equal("A/y.csv", names[3]);
        Assert.Matches("^a/y-[0-9a-f]{10}\\.csv$", names[4]);
    }

    [Fact]
    public void Names_as_long_as_a_file_name_may_be_still_fit()
    {
        var stem = "/v/" + new string('é', 124); // 248 bytes: with .mp4 a legal name, with .mp4.csv one byte too long
        var names = ResultNames.Plan([stem + ".mp4", stem + ".mov", "/v/short.mp4"]);

        Assert.All(names.Take(2), n => Assert.True(System.Text.Encoding.UTF8.GetByteCount(n) <= ResultNames.MaxFileNameBytes, n));
        Assert.All(names, n => Assert.EndsWith(".csv", n, StringComparison.Ordinal));
        Assert.NotEqual(names[0], names[1]);
        Assert.Equal("short.csv", names[2]);
    }

    /// <summary>Random batches over a few folders and stems: every plan is collision-free and depends on the inputs only.</summary>
    [Fact]
    public void Random_batches_never_share_a_name_and_plan_the_same_twice()
    {
        var random = new Random(546);
        string[] folders = ["/v", "/v/a", "/v/A", "/w/a", "/v/a/b"];
        string[] files = ["x.mp4", "x.mov", "X.mp4", "x-2.mp4", "x.mp4.mp4", "x", "y.webm", "x-2"];
        for (var run = 0; run < 2000; run++)
        {
            var batch = Enumerable.Range(0, random.Next(1, 12))
                .Select(_ => folders[random.Next(folders.Length)] + "/" + files[random.Next(files.Length)]).Distinct().ToList();
            var names = ResultNames.Plan(batch);

            Assert.Equal(batch.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.Equal(names, ResultNames.Plan(batch));
            Assert.DoesNotContain(names, n => n.Split('/').Contains(".."));
        }
    }
}
