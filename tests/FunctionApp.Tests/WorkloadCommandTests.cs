using System.Text.Json;
using Classroom.Recognition.Roster;
using Xunit.Abstractions;

namespace Classroom.FunctionApp.Tests;

/// <summary>
/// <c>./classroom workload --target local</c> end to end in its own process: it starts Azurite and the Cosmos DB server
/// itself, seeds them from the files given, runs the function's job on five generated videos (repeated to seven by
/// --count) and grades them against a manifest and a mapping in the original's formats. The emulators of the
/// collection serve only to find the photos' faces with the app's engine.
/// </summary>
[Collection(EmulatorGroup.Name)]
public sealed class WorkloadCommandTests(Emulators emulators, ITestOutputHelper output) : IDisposable
{
    private readonly TestVideos videos = new();

    [Fact]
    public void The_local_workload_uploads_waits_and_grades_every_video()
    {
        using var app = new FunctionHarness(emulators.Configuration());
        var alice = app.LargestFace(TestVideos.Photo(1));
        var bob = app.LargestFace(TestVideos.Photo(2));
        var stranger = app.LargestFace(TestVideos.Photo(5));
        var clips = Directory.CreateDirectory(Path.Combine(videos.Folder, "clips")).FullName;
        File.Move(videos.FromFace(1, alice.Box, "alice.mp4"), Path.Combine(clips, "alice.mp4"));
        File.Move(videos.FromFace(2, bob.Box, "bob.mp4"), Path.Combine(clips, "bob.mp4"));
        File.Move(videos.FromFace(5, stranger.Box, "stranger.mp4"), Path.Combine(clips, "stranger.mp4"));
        File.Move(videos.NoFace("empty.mp4"), Path.Combine(clips, "empty.mp4"));
        var faces = Path.Combine(videos.Folder, "faces.json");
        KnownFacesFile.Write(faces, [new KnownFace("alice", alice.Descriptor), new KnownFace("bob", bob.Descriptor)]);
        var students = Path.Combine(videos.Folder, "students.json");
        using (var stream = File.Create(students))
        {
            StudentRecordsFile.Write(stream, [new StudentRecord("alice", "physics", "junior", 1), new StudentRecord("bob", "math", "freshmen", 2)]);
        }

        // e.mp4 shows alice but the manifest says bob: the grader must call it wrong (a grader that cannot fail proves nothing).
        var manifest = Path.Combine(videos.Folder, "workload.csv");
        File.WriteAllText(manifest, "video,source_clip,expected_name\na.mp4,alice.mp4,alice\nb.mp4,bob.mp4,bob\nc.mp4,stranger.mp4,\nd.mp4,empty.mp4,\ne.mp4,alice.mp4,bob\n");
        var mapping = Path.Combine(videos.Folder, "mapping");
        File.WriteAllText(mapping, "a.mp4:physics,junior\nb.mp4:math,freshman\ne.mp4:math,freshman\n");

        // A private temp folder shows what the run leaves behind.
        var temp = Directory.CreateDirectory(Path.Combine(videos.Folder, "tmp")).FullName;
        var (exit, stdout, stderr) = CliRun.Run(null, videos.Folder, new Dictionary<string, string> { ["TMPDIR"] = temp },
            "workload", "--target", "local", "--manifest", manifest, "--videos", clips, "--mapping", mapping,
            "--students", students, "--faces", faces, "--count", "7", "--timeout", "300", "--json");
        output.WriteLine(stdout);
        output.WriteLine(stderr);

        Assert.Equal(1, exit); // one video graded wrong
        using var report = JsonDocument.Parse(stdout);
        var root = report.RootElement;
        Assert.Equal(7, root.GetProperty("videos").GetInt32());
        Assert.Equal(7, root.GetProperty("total").GetInt32());
        Assert.Equal(6, root.GetProperty("correct").GetInt32());
        Assert.Equal(0, root.GetProperty("missing").GetInt32());
        Assert.Equal(["e.mp4"], root.GetProperty("wrong").EnumerateArray().Select(w => w.GetProperty("video").GetString()));
        var statuses = root.GetProperty("statuses");
        Assert.Equal(5, statuses.GetProperty("recognized").GetInt32()); // a, b, e and the copies of a and b
        Assert.Equal(1, statuses.GetProperty("unknown_person").GetInt32());
        Assert.Equal(1, statuses.GetProperty("no_face").GetInt32());
        var latency = root.GetProperty("latency_ms");
        double p50 = latency.GetProperty("p50").GetDouble(), p95 = latency.GetProperty("p95").GetDouble(), max = latency.GetProperty("max").GetDouble();
        Assert.True(p50 > 0 && p50 <= p95 && p95 <= max, $"latencies must be ordered: {p50}, {p95}, {max}");
        // Every latency lies inside the wall time (first upload's start to the last result).
        Assert.True(max <= root.GetProperty("wall_s").GetDouble() * 1000, $"max latency {max} ms beyond the wall time");
        Assert.Equal(2, root.GetProperty("host_concurrency").GetInt32()); // host.json's maxDegreeOfParallelism
        // The servers' workspace and the job's downloads are gone (the engine's ONNX cache may stay: it is a cache).
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp, "classroom-workload-*"));
        Assert.Empty(Directory.EnumerateFiles(temp, "classroom-*.mp4", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_local_run_with_nothing_to_seed_is_refused_before_anything_starts()
    {
        var data = Directory.CreateDirectory(Path.Combine(videos.Folder, "empty-store")).FullName;
        var clip = videos.NoFace("x.mp4");

        var (exit, _, stderr) = CliRun.Run(null, videos.Folder, "workload", clip, "--data", data);

        Assert.Equal(2, exit);
        Assert.Contains("no known faces", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => videos.Dispose();
}
