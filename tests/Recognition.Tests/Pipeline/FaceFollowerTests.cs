using Classroom.Recognition.Faces;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Video;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Tests.Pipeline;

/// <summary>The engine's quick look: all mode follows faces it has named, first mode decides or confirms with it; neither lets it cost a name.</summary>
public sealed class FaceFollowerTests
{
    /// <summary>ada and bob lie 0.5 apart: within tolerance of each other, yet each face of them is named with a wide margin.</summary>
    private static readonly float[] Ada = Unit(0);
    private static readonly float[] Bob = Unit(0.5);
    private static readonly KnownFace[] Roster = [new("ada", Ada), new("bob", Bob)];

    /// <summary>ada at 0.55: named (bob is ~1.0 away) but not decisively (over 0.50), so a name needs a second frame.</summary>
    private static readonly float[] AdaWeak = Unit(-0.55);

    /// <summary>A child beside her: 0.59 from bob on the other side, 1.05 from ada — named bob, weakly, and farther than ada (cse546 test_5's child: 0.586 against the student's 0.546).</summary>
    private static readonly float[] Child = Unit(1.05);

    /// <summary>ada at 0.30, bob 0.79 away: named decisively.</summary>
    private static readonly float[] AdaMid = Unit(-0.3);

    /// <summary>Between them, 0.18 from bob and 0.32 from ada: named bob (margin 0.14), not decisively.</summary>
    private static readonly float[] BobNear = Unit(0.3237);

    /// <summary>0.55 from ada, 0.62 from bob (out of their plane): ambiguous.</summary>
    private static readonly float[] AdaAmbiguous = Vector(0.84875, 0.1343, 0.5115);

    /// <summary>0.52 from ada, 0.82 from bob: named ada, not decisively.</summary>
    private static readonly float[] AdaOtherView = Vector(0.8648, -0.1924, 0.4638);

    /// <summary>Nobody's face: ~1.4 from both, a stranger beyond doubt.</summary>
    private static readonly float[] Stranger = Axis(2);

    [Fact]
    public async Task Named_faces_are_followed_quickly_and_looked_at_fully_every_FullLookEvery_th_frame()
    {
        var script = Frames(20, _ => [(0, Ada)]);
        var (result, engine) = await RunAsync(script, script, 20);

        Assert.Equal(["ada"], result.Students.Select(s => s.Name));
        Assert.Equal(20, result.Students[0].Frames); // followed frames count as sightings
        // Frames 0 and 1 name her (two frames), then every 5th frame is a full look: 0, 1, 6, 11, 16.
        Assert.Equal(5, engine.FullLooks);
        Assert.Equal(15, engine.QuickLooks);
    }

    [Fact]
    public async Task A_newcomer_the_quick_look_misses_is_found_by_the_full_looks()
    {
        var quick = Frames(20, _ => [(0, Ada)]);
        var full = Frames(20, k => k < 6 ? [(0, Ada)] : [(0, Ada), (1, Bob)]);
        var (result, _) = await RunAsync(full, quick, 20);

        Assert.Equal(["ada", "bob"], result.Students.Select(s => s.Name));
        // bob is on screen from frame 6 (3 s); the full looks after it come at most FullLookEvery frames apart.
        Assert.InRange(result.Students[1].Time, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds((6 + FaceFollower.FullLookEvery) / 2.0));
    }

    [Fact]
    public async Task Someone_else_in_the_same_place_is_looked_at_fully_and_gets_a_track_of_their_own()
    {
        // A cut from ada to bob sitting where she sat: the quick look names bob, not ada, so the frame gets the full
        // look; and place alone does not join bob's face to ada's track (0.5 apart, within the 0.6 tolerance).
        var script = Frames(20, k => k < 10 ? [(0, Ada)] : [(0, Bob)]);
        var (result, _) = await RunAsync(script, script, 20);

        Assert.Equal(["ada", "bob"], result.Students.Select(s => s.Name));
        Assert.Equal(TimeSpan.FromSeconds(5), result.Students[1].Time);
        Assert.Equal(10, result.Students[0].Frames);
        Assert.True(result.Students[0].Distance < 1e-6, "ada's evidence holds none of bob's views");
    }

    [Fact]
    public async Task First_mode_is_decided_on_the_quick_look_when_its_nearest_name_is_decisive()
    {
        // ada beside a stranger and the weakly named child (cse546 test_5's first frame as the quick detector sees it).
        var script = Frames(4, _ => [(0, Ada), (1, Stranger), (2, Child)]);
        var (result, engine) = await RunAsync(script, script, 4, RecognitionMode.First);

        Assert.Equal(["ada"], result.Students.Select(s => s.Name));
        Assert.Equal(2, result.UnknownFaces);
        Assert.Equal((0, 1), (engine.FullLooks, engine.QuickLooks));
    }

    [Fact]
    public async Task A_decisive_name_with_a_nearer_name_beside_it_gets_the_full_look()
    {
        // bob, nearer (0.18) but not decisively named (margin 0.14), wins over ada (0.30, decisive) on the full looks'
        // evidence; deciding on ada because she alone is decisive would answer differently from the full look.
        var script = Frames(4, _ => [(0, AdaMid), (1, BobNear)]);
        var (result, engine) = await RunAsync(script, script, 4, RecognitionMode.First);

        Assert.Equal(["bob"], result.Students.Select(s => s.Name));
        Assert.True(engine.FullLooks >= 1);
    }

    [Fact]
    public async Task A_quick_look_at_a_weak_face_gets_the_full_look_which_finds_the_student()
    {
        // The quick detector sees only the child, weakly named bob, in every frame; the full look finds ada beside him in
        // the first frame, and ada alone after. Taking the quick look as it came would confirm the child on the next
        // quick look and name bob.
        var full = Frames(4, k => k == 0 ? [(0, AdaWeak), (1, Child)] : [(0, AdaWeak)]);
        var quick = Frames(4, _ => [(1, Child)]);
        var (result, engine) = await RunAsync(full, quick, 4, RecognitionMode.First);

        Assert.Equal(["ada"], result.Students.Select(s => s.Name));
        Assert.Equal(2, engine.FullLooks); // the second frame's quick look found one face of two tracks: looked at fully
    }

    [Fact]
    public async Task First_mode_follows_the_student_when_the_weaker_face_beside_them_is_gone()
    {
        // cse546 test_5: the child is in the first frame only. The quick look at the second finds the student alone;
        // the child's track, farther from its person than hers, could not win even if seen again.
        var full = Frames(4, k => k == 0 ? [(0, AdaWeak), (1, Child)] : [(0, AdaWeak)]);
        var (result, engine) = await RunAsync(full, full, 4, RecognitionMode.First);

        Assert.Equal(["ada"], result.Students.Select(s => s.Name));
        Assert.Equal((1, 2), (engine.FullLooks, engine.QuickLooks));
    }

    [Fact]
    public async Task First_mode_confirms_a_name_on_the_quick_look_at_the_next_frame()
    {
        var script = Frames(4, _ => [(0, AdaWeak)]);
        var (result, engine) = await RunAsync(script, script, 4, RecognitionMode.First);

        Assert.Equal(["ada"], result.Students.Select(s => s.Name));
        Assert.Equal(2, result.Students[0].Frames);
        Assert.Equal((1, 2), (engine.FullLooks, engine.QuickLooks)); // frame 0: quick (not decisive), full; frame 1: quick
    }

    [Fact]
    public async Task The_first_frames_quick_look_that_did_not_decide_is_another_view_of_its_face()
    {
        // The full look alone leaves ada ambiguous (0.55 against bob's 0.62); the quick look's view of the same face
        // (0.52, margin 0.30: named, not decisively) joins her track, whose evidence then names her (0.51, margin 0.20),
        // and the next frame's quick look confirms it. Without that view the video stays ambiguous.
        var (result, _) = await RunAsync(Frames(4, _ => [(0, AdaAmbiguous)]), Frames(4, _ => [(0, AdaOtherView)]), 4, RecognitionMode.First);

        Assert.Equal(["ada"], result.Students.Select(s => s.Name));
        Assert.InRange(result.Students[0].Distance, 0.50, 0.53);
    }

    [Fact]
    public async Task A_video_without_faces_pays_for_one_quick_look_only()
    {
        var (result, engine) = await RunAsync([], [], 10, RecognitionMode.First);

        Assert.Equal(VideoStatus.NoFace, result.Status);
        Assert.Equal((10, 1), (engine.FullLooks, engine.QuickLooks));
    }

    private static async Task<(VideoResult Result, TwoLookEngine Engine)> RunAsync(Dictionary<int, (int Seat, float[] Face)[]> full, Dictionary<int, (int Seat, float[] Face)[]> quick, int frames,
        RecognitionMode mode = RecognitionMode.All)
    {
        var engine = new TwoLookEngine(full, quick);
        var processor = new VideoProcessor(new ScriptedFrameSource(frames), engine, new InMemoryKnownFaceStore(Roster), new InMemoryStudentRecords([]),
            Options.Create(new MatchingOptions()), NullLogger<VideoProcessor>.Instance);
        return (await processor.ProcessAsync("v.mp4", mode, CancellationToken.None), engine);
    }

    private static Dictionary<int, (int Seat, float[] Face)[]> Frames(int count, Func<int, (int, float[])[]> faces) =>
        Enumerable.Range(0, count).ToDictionary(k => k, faces);

    /// <summary>A unit descriptor at <paramref name="distance"/> from axis 0 (in the plane of axes 0 and 1).</summary>
    private static float[] Unit(double distance)
    {
        var angle = 2 * Math.Asin(distance / 2);
        var d = new float[128];
        (d[0], d[1]) = ((float)Math.Cos(angle), (float)Math.Sin(angle));
        return d;
    }

    private static float[] Vector(double x0, double x1, double x2)
    {
        var d = new float[128];
        (d[0], d[1], d[2]) = ((float)x0, (float)x1, (float)x2);
        return d;
    }

    private static float[] Axis(int axis)
    {
        var d = new float[128];
        d[axis] = 1;
        return d;
    }

    /// <summary>An engine whose full and quick looks each follow a script: frame k (every pixel k) holds faces at seats (boxes 200 px apart).</summary>
    private sealed class TwoLookEngine(Dictionary<int, (int Seat, float[] Face)[]> full, Dictionary<int, (int Seat, float[] Face)[]> quick) : IFaceEngine
    {
        public int FullLooks { get; private set; }

        public int QuickLooks { get; private set; }

        public IReadOnlyList<DetectedFace> FindFaces(RgbImage image, CancellationToken cancellationToken = default)
        {
            FullLooks++;
            return Faces(full, image);
        }

        public IReadOnlyList<DetectedFace> FindFacesQuickly(RgbImage image, CancellationToken cancellationToken = default)
        {
            QuickLooks++;
            return Faces(quick, image);
        }

        private static DetectedFace[] Faces(Dictionary<int, (int Seat, float[] Face)[]> script, RgbImage image) =>
            script.TryGetValue(image.Pixels[0], out var faces) ? [.. faces.Select(f => new DetectedFace(new FaceBox(200 * f.Seat, 0, 100, 100, 0.9f), [], [], f.Face))] : [];
    }
}
