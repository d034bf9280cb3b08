using Classroom.Recognition.Faces;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Video;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Tests.Pipeline;

/// <summary>All mode follows faces it has named with the engine's quick look, and never lets that cost a name.</summary>
public sealed class FaceFollowerTests
{
    /// <summary>ada and bob lie 0.5 apart: within tolerance of each other, yet each face of them is named with a wide margin.</summary>
    private static readonly float[] Ada = Unit(0);
    private static readonly float[] Bob = Unit(0.5);
    private static readonly KnownFace[] Roster = [new("ada", Ada), new("bob", Bob)];

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

    private static async Task<(VideoResult Result, TwoLookEngine Engine)> RunAsync(Dictionary<int, (int Seat, float[] Face)[]> full, Dictionary<int, (int Seat, float[] Face)[]> quick, int frames)
    {
        var engine = new TwoLookEngine(full, quick);
        var processor = new VideoProcessor(new ScriptedFrameSource(frames), engine, new InMemoryKnownFaceStore(Roster), new InMemoryStudentRecords([]),
            Options.Create(new MatchingOptions()), NullLogger<VideoProcessor>.Instance);
        return (await processor.ProcessAsync("v.mp4", RecognitionMode.All, CancellationToken.None), engine);
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
