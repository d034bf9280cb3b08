using System.Diagnostics;
using Classroom.Recognition.Tests.Support;

namespace Classroom.Cli.Tests.EndToEnd;

/// <summary>
/// Every command that loads a known-faces or student-records file, given a bad one, exits 2 (bad input, as
/// docs/pipeline.md says) with one line on stderr naming the command and the file, writes nothing, and touches no
/// store — through the built CLI in its own process, where an unhandled exception would print a stack trace.
/// </summary>
public sealed class CliBadRosterFileTests : IDisposable
{
    private readonly MediaFolder _work = new();

    private static double[] Vector(int seed) => [.. Enumerable.Range(0, 128).Select(i => Math.Sin(seed + (i * 0.37)) * 0.2)];

    /// <summary>The files that crashed a loader or made it unbounded, by name: what the file is and its bytes.</summary>
    private static readonly Dictionary<string, Func<byte[]>> Files = new()
    {
        ["truncated.pkl"] = () => PickleWriter.FaceRecognitionEncodings(["ada", "grace"], [Vector(1), Vector(2)])[..^1],
        ["strings.pkl"] = () => PickleWriter.Document([PickleWriter.Unicode("ada")], PickleWriter.List([PickleWriter.List(Enumerable.Repeat(PickleWriter.Unicode("x"), 128))])),
        ["overflow.pkl"] = () => PickleWriter.Document([PickleWriter.Unicode("ada")], PickleWriter.Array(Vector(1), [128, 33_554_433], "f8")),
        ["hostile.pkl"] = () => PickleWriter.RepeatedReferences(1_000_000, Vector(1)),
        ["bad-utf8.json"] = () => [.. "[{\"id\": 1, \"name\": \"ad"u8, 0xff, .. "a\", \"major\": \"x\", \"year\": \"y\"}]"u8],
    };

    public static TheoryData<string, string, string> Cases() => new()
    {
        { "faces import", "truncated.pkl", "not a readable pickle (cut off at byte" },
        { "faces import", "strings.pkl", "encoding #1 holds a str, not a number." },
        { "faces import", "overflow.pkl", "numpy array shape (128, 33554433) does not fit in one array" },
        { "faces import", "hostile.pkl", "1000000 faces; at most 100000 are read" },
        { "faces push", "truncated.pkl", "not a readable pickle (cut off at byte" },
        { "students import", "bad-utf8.json", "not UTF-8 text (invalid byte at offset 22)." },
        { "students push", "bad-utf8.json", "not UTF-8 text (invalid byte at offset 22)." },
        { "process --faces", "hostile.pkl", "1000000 faces; at most 100000 are read" },
        { "process --students", "bad-utf8.json", "not UTF-8 text (invalid byte at offset 22)." },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_file_exits_2_with_one_line_and_no_store(string command, string file, string reason)
    {
        var path = _work.PathOf(file);
        File.WriteAllBytes(path, Files[file]());
        var data = _work.PathOf("data");
        string[] args = command.Split(' ') switch
        {
            ["process", var option] => ["process", _work.PathOf("lecture.mp4"), option, path, "--data", data, "--out", _work.PathOf("out")],
            var words => [.. words, path, "--data", data],
        };

        var watch = Stopwatch.StartNew();
        var (exit, stdout, stderr) = MediaFolder.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "classroom.dll"), .. args], _work.Root);

        Assert.True(exit == 2, $"exit {exit}, stderr: {stderr}");
        var printed = command.StartsWith("process", StringComparison.Ordinal) ? "process" : command;
        Assert.StartsWith($"classroom {printed}: {path}: ", stderr, StringComparison.Ordinal);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal(string.Empty, stdout);
        Assert.False(Directory.Exists(data), "a bad file opens no store");
        Assert.False(Directory.Exists(_work.PathOf("out")), "a bad file writes no result");

        // The hostile file took 7.5 s and 1.75 GB in the CLI; refused, the whole run (start-up included) is about a
        // second, and 10 s still catches a loader that converts every reference.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"{command} {file} took {watch.Elapsed.TotalSeconds:F1} s");
    }

    public void Dispose() => _work.Dispose();
}
