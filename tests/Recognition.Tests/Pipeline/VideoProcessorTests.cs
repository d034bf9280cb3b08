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
    public async Task First_mode_names_the_nearest_student_of_the_first_frame_with_faces_and_stops_when_every_face_is_decisive()
    {
        // Frame 3 holds bob (0.14 away, listed first) and ada (exactly her known face): both decisive, so frame 4 is not read;
        // between two named faces the nearer wins.
        var (processor, frames, _) = Build(new() { [3] = [Person(1, 0.1f), Person(0)], [5] = [Person(0)] });

        var result = await processor.ProcessAsync("v.mp4", RecognitionMode.First, CancellationToken.None);

        Assert.Equal(VideoStatus.Recognized, result.Status);
        var student = Assert.Single(result.Students);
        Assert.Equal(("ada", "math", "junior"), (student.Name, student.Major, student.Year));
        Assert.Equal(TimeSpan.FromSeconds(1.5), student.Time);
        Assert.Equal(0, student.Distance, 1e-6);
        Assert.Equal(4, frames.Produced);
    }

    [Fact]
    public async Task First_mode_names_a_face_that_is_not_decisive_only_once_a_second_frame_confirms_it()
    {
        // ada at √2·0.38 ≈ 0.537: within tolerance but past the decisive 0.5: frame 2 alone names nobody, frame 3 confirms.
        var (processor, frames, _) = Build(new() { [2] = [Person(0, 0.38f)], [3] = [Person(0, 0.38f)], [4] = [Person(0, 0.38f)], [5] = [Person(0, 0.38f)] });

        var result = await processor.ProcessAsync("v.mp4", RecognitionMode.First, CancellationToken.None);

        var student = Assert.Single(result.Students);
        Assert.Equal("ada", student.Name);
        Assert.Equal(4, frames.Produced);
        Assert.Equal(2, student.Frames);
        Assert.Equal(Math.Sqrt(2) * 0.38, student.Distance, 0.01); // the views agree: their mean is where each one is (renormalised)
    }

    [Fact]
    public async Task A_student_beats_a_more_confident_stranger_and_one_who_appears_a_frame_later_still_counts()
    {
        // The stranger (axis 50) is the first and most confident face; the first-face rule named nobody here, or the wrong one.
        var (same, _, _) = Build(new() { [0] = [Person(50), Person(1, 0.05f)] });
        var (later, _, _) = Build(new() { [1] = [Person(50)], [2] = [Person(50), Person(0, 0.05f)] });

        var a = await same.ProcessAsync("v.mp4", RecognitionMode.First, CancellationToken.None);
        var b = await later.ProcessAsync("v.mp4", RecognitionMode.First, CancellationToken.None);

        Assert.Equal(("bob", 1), (Assert.Single(a.Students).Name, a.UnknownFaces));
        Assert.Equal(("ada", 1), (Assert.Single(b.Students).Name, b.UnknownFaces));
    }

    [Fact]
    public async Task A_face_as_near_to_two_people_is_ambiguous_names_nobody_and_reports_both()
    {
        // Halfway between ada (axis 0) and bob (axis 1): 0.765 from each, within a tolerance of 1 but with no margin at all.
        var between = new float[128];
        between[0] = between[1] = MathF.Sqrt(0.5f);
        var (processor, _, _) = Build(new() { [0] = [between] }, tolerance: 1.0);

        var result = await processor.ProcessAsync("v.mp4", RecognitionMode.First, CancellationToken.None);

        Assert.Equal(VideoStatus.Ambiguous, result.Status);
        Assert.Empty(result.Students);
        Assert.Equal(["ada", "bob"], result.Candidates!.Select(c => c.Name).Order());
        Assert.All(result.Candidates!, c => Assert.Equal(0.765, c.Distance, 0.001));
    }

    [Fact]
    public async Task Matching_takes_the_nearest_known_face_not_the_first_within_tolerance()
    {
        // A face between ada and bob, nearer bob: both are within a loose tolerance; the original would answer ada (first in the file).
        var between = new float[128];
        between[0] = 0.6f;
        between[1] = 0.8f;
        var (processor, _, _) = Build(new() { [0] = [between], [1] = [between] }, tolerance: 1.0);

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

        Assert.Equal(new VideoResult("v.mp4", VideoStatus.NoFace, [], 0, Frames: 6), result with { Students = [] }); // every frame read, and the result says so
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
    public async Task All_mode_reports_everyone_seen_once_with_first_time_and_aggregated_distance_and_counts_strangers_once()
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
        // ada's two views lie 0.07 and 0.28 from her known face: the track's mean lies between, and rests on both.
        Assert.InRange(result.Students[0].Distance, Math.Sqrt(2 * 0.05 * 0.05), Math.Sqrt(2 * 0.2 * 0.2));
        Assert.Equal(2, result.Students[0].Frames);
        Assert.Equal(TimeSpan.FromSeconds(2), result.Students[1].Time);
        Assert.Equal(2, result.UnknownFaces); // axis 50 (seen twice) and axis 51
    }

    [Fact]
    public async Task A_face_glimpsed_in_one_frame_is_not_named_unless_the_match_is_decisive()
    {
        // One frame of a face 0.537 from ada (tolerance and margin met, not decisive): too little to name her on.
        var (glimpse, _, _) = Build(new() { [3] = [Person(0, 0.38f)] });

        var result = await glimpse.ProcessAsync("v.mp4", RecognitionMode.All, CancellationToken.None);

        Assert.Equal((VideoStatus.UnknownPerson, 1), (result.Status, result.UnknownFaces));
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
