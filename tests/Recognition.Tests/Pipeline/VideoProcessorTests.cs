using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Roster;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Classroom.Recognition.Tests.Pipeline.Descriptors;

namespace Classroom.Recognition.Tests.Pipeline;

public sealed class VideoProcessorTests
{
    private static readonly KnownFace[] Roster = [Known("ada", 0), Known("bob", 1), Known("cyd", 2)];

    private static readonly StudentRecord[] Records = [new("ada", "math", "junior", 1), new("bob", "physics", "senior", 2)];

    private static (VideoProcessor Processor, ScriptedFrameSource Frames, ScriptedFaceEngine Engine) Build(
        Dictionary<int, float[][]> script, int frames = 10, string? failWith = null, double tolerance = 0.6)
    {
        var source = new ScriptedFrameSource(frames, failWith);
        var engine = new ScriptedFaceEngine(script);
        var processor = new VideoProcessor(source, engine, new InMemoryKnownFaceStore(Roster), new InMemoryStudentRecords(Records),
            Options.Create(new MatchingOptions { Tolerance = tolerance }), NullLogger<VideoProcessor>.Instance);
        return (processor, source, engine);
    }

    [Fact]
    public async Task First_mode_recognises_the_largest_face_of_the_first_frame_with_faces_and_stops_reading()
    {
        var (processor, frames, _) = Build(new() { [3] = [Person(1, 0.1f), Person(0)], [5] = [Person(0)] });

        var result = await processor.ProcessAsync("v.mp4", RecognitionMode.First, CancellationToken.None);

        Assert.Equal(VideoStatus.Recognized, result.Status);
        var student = Assert.Single(result.Students);
        Assert.Equal(("bob", "physics", "senior"), (student.Name, student.Major, student.Year));
        Assert.Equal(TimeSpan.FromSeconds(1.5), student.Time);

        // Distance between (0.9, 0.1) and (1, 0) on two axes: √(0.01 + 0.01).
        Assert.Equal(Math.Sqrt(0.02), student.Distance, 1e-6);
        Assert.Equal(4, frames.Produced);
    }

    [Fact]
    public async Task Matching_takes_the_nearest_known_face_not_the_first_within_tolerance()
    {
        // A face between ada and bob, nearer bob: both are within a loose tolerance; the original would answer ada (first in the file).
        var between = new float[128];
        between[0] = 0.6f;
        between[1] = 0.8f;
        var (processor, _, _) = Build(new() { [0] = [between] }, tolerance: 1.0);

        var result = await processor.ProcessAsync("v.mp4", RecognitionMode.First, CancellationToken.None);

        Assert.Equal("bob", Assert.Single(result.Students).Name);
    }

    [Fact]
    public async Task A_face_beyond_tolerance_is_an_unknown_person()
    {
        var (processor, _, _) = Build(new() { [2] = [Person(9)] });

        var result = await processor.ProcessAsync("v.mp4", RecognitionMode.First, CancellationToken.None);

        Assert.Equal(VideoStatus.UnknownPerson, result.Status);
        Assert.Empty(result.Students);
        Assert.Equal(1, result.UnknownFaces);
    }

    [Fact]
    public async Task The_tolerance_decides()
    {
        // Distance √2·0.3 ≈ 0.42 from ada: a match at 0.6, not at 0.4.
        var (loose, _, _) = Build(new() { [0] = [Person(0, 0.3f)] }, tolerance: 0.6);
        var (strict, _, _) = Build(new() { [0] = [Person(0, 0.3f)] }, tolerance: 0.4);

        Assert.Equal(VideoStatus.Recognized, (await loose.ProcessAsync("v", RecognitionMode.First, CancellationToken.None)).Status);
        Assert.Equal(VideoStatus.UnknownPerson, (await strict.ProcessAsync("v", RecognitionMode.First, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task No_face_in_any_frame_is_no_face()
    {
        var (processor, frames, engine) = Build([], frames: 6);

        var result = await processor.ProcessAsync("v.mp4", RecognitionMode.First, CancellationToken.None);

        Assert.Equal(new VideoResult("v.mp4", VideoStatus.NoFace, [], 0), result with { Students = [] });
        Assert.Equal((6, 6), (frames.Produced, engine.Calls));
    }

    [Fact]
    public async Task A_known_face_without_a_record_is_no_record_with_the_name_kept()
    {
        var (processor, _, _) = Build(new() { [0] = [Person(2)] });

        var result = await processor.ProcessAsync("v.mp4", RecognitionMode.First, CancellationToken.None);

        Assert.Equal(VideoStatus.NoRecord, result.Status);
        var student = Assert.Single(result.Students);
        Assert.Equal(("cyd", null, null), (student.Name, student.Major, student.Year));
    }

    [Fact]
    public async Task All_mode_reports_everyone_seen_once_with_first_time_and_best_distance_and_counts_strangers_once()
    {
        var (processor, frames, _) = Build(new()
        {
            [0] = [Person(0, 0.2f)],
            [1] = [Person(0, 0.05f), Person(50)],
            [4] = [Person(1), Person(50, 0.01f)],
            [6] = [Person(51)],
        });

        var result = await processor.ProcessAsync("v.mp4", RecognitionMode.All, CancellationToken.None);

        Assert.Equal(VideoStatus.Recognized, result.Status);
        Assert.Equal(10, frames.Produced);
        Assert.Equal(["ada", "bob"], result.Students.Select(s => s.Name));
        Assert.Equal(TimeSpan.Zero, result.Students[0].Time);
        Assert.Equal(Math.Sqrt(2 * 0.05 * 0.05), result.Students[0].Distance, 1e-6);
        Assert.Equal(TimeSpan.FromSeconds(2), result.Students[1].Time);
        Assert.Equal(2, result.UnknownFaces); // axis 50 (seen twice) and axis 51
    }

    [Fact]
    public async Task An_undecodable_video_is_an_error_result_with_the_reason()
    {
        var (processor, _, _) = Build([], failWith: "file is empty");

        var result = await processor.ProcessAsync("empty.mp4", RecognitionMode.First, CancellationToken.None);

        Assert.Equal(new VideoResult("empty.mp4", VideoStatus.Error, [], 0, "file is empty"), result with { Students = [] });
    }

    [Fact]
    public async Task Cancellation_is_thrown_not_reported()
    {
        var (processor, _, _) = Build([]);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => processor.ProcessAsync("v.mp4", RecognitionMode.All, cts.Token));
    }
}
