using Classroom.Recognition.Detection;
using Classroom.Recognition.Faces;

namespace Classroom.Recognition.Pipeline;

/// <summary>
/// One face followed across sampled frames: where and when it was first seen, and its evidence — the running sum of
/// its unit descriptors, so the aggregated descriptor is their mean, renormalised (to the views' mean length, which
/// keeps distances on the scale of the known faces').
/// </summary>
internal sealed class FaceTrack(int id, TimeSpan firstTime, FaceBox firstBox, int frame, int turn = 0)
{
    /// <summary>The quarter turns of the frame the face was first found in.</summary>
    public int Turn { get; } = turn;

    private readonly double[] _sum = new double[128];
    private double _lengths;

    public int Id { get; } = id;

    public TimeSpan FirstTime { get; } = firstTime;

    public FaceBox FirstBox { get; } = firstBox;

    public FaceBox LastBox { get; private set; } = firstBox;

    public int LastFrame { get; private set; } = frame;

    /// <summary>Descriptors taken into the evidence (one per look at the face: a frame, or its mirrored copy).</summary>
    public int Views { get; private set; }

    /// <summary>The aggregated descriptor (null before the first view).</summary>
    public float[]? Mean { get; private set; }

    /// <summary>The first descriptors of this track, for the log's best single view (bounded: the first few are enough).</summary>
    public List<float[]> Samples { get; } = [];

    /// <summary>Distinct sampled frames the face was seen in (a mirrored look adds a view, not a frame).</summary>
    public int Frames { get; private set; }

    public void Seen(FaceBox box, int frame)
    {
        if (Frames == 0 || frame != LastFrame)
        {
            Frames++;
        }

        LastBox = box;
        LastFrame = frame;
    }

    public void Add(float[] descriptor)
    {
        if (descriptor.Length != _sum.Length)
        {
            return;
        }

        var length = Math.Sqrt(descriptor.Sum(v => (double)v * v));
        if (length == 0)
        {
            return;
        }

        for (var i = 0; i < _sum.Length; i++)
        {
            _sum[i] += descriptor[i] / length;
        }

        _lengths += length;
        Views++;
        if (Samples.Count < FaceTracker.SamplesKept)
        {
            Samples.Add(descriptor);
        }

        var norm = Math.Sqrt(_sum.Sum(v => v * v));
        var scale = norm == 0 ? 0 : _lengths / Views / norm;
        Mean = [.. _sum.Select(v => (float)(v * scale))];
    }
}

/// <summary>
/// Links each frame's faces to tracks: a face belongs to the track whose box it overlaps in the frame just before and
/// whose descriptor is within tolerance of it, or, wherever it is, to a track whose descriptor is within
/// <see cref="SameFaceDistance"/>; otherwise it starts a track. Each track takes at most one face of a frame, and only
/// faces found in the frame turned as its first one was (a face seen in a wrong turn stays apart, to be dropped).
/// Place does not join a face that <paramref name="namedAs"/> names on its own to a track it names as someone else: in
/// a cut from one student to another sitting where the first sat (the lecture bench: president_trump, then
/// president_biden, 0.53 apart in the roster) the second is a new track, not evidence against the first.
/// </summary>
/// <param name="namedAs">The person a descriptor names on its own (tolerance and margin), or null.</param>
internal sealed class FaceTracker(double tolerance, Func<float[], string?>? namedAs = null)
{
    /// <summary>The judge's best single view looks at no more than this many descriptors of a track.</summary>
    public const int SamplesKept = 16;

    /// <summary>
    /// Two descriptors this close are one face even in different places: different people's pairs start above it
    /// (the package photos' 231 pairs of different people: minimum 0.458, docs/face-engine.md).
    /// </summary>
    public const double SameFaceDistance = 0.42;

    /// <summary>A box overlapping the track's last box by this much (intersection over union) is the same place: a face moves little in half a second.</summary>
    private const float SamePlaceOverlap = 0.3f;

    /// <summary>Frames a track may be unseen and still be followed by place.</summary>
    private const int FollowGap = 2;

    public List<FaceTrack> Tracks { get; } = [];

    /// <summary>The tracks of one frame's faces, in the faces' order.</summary>
    public List<FaceTrack> Link(IReadOnlyList<DetectedFace> faces, int frame, TimeSpan time, int turn)
    {
        var taken = new HashSet<FaceTrack>();
        var linked = new List<FaceTrack>(faces.Count);
        foreach (var face in faces)
        {
            FaceTrack? best = null;
            var bestDistance = double.PositiveInfinity;
            foreach (var track in Tracks)
            {
                if (taken.Contains(track) || track.Mean is null || track.Turn != turn)
                {
                    continue;
                }

                var distance = FaceMatching.FaceDistance(track.Mean, face.Descriptor);
                var samePlace = frame - track.LastFrame <= FollowGap && Overlap(track.LastBox, face.Box) >= SamePlaceOverlap && !SomeoneElse(track, face);
                if ((distance <= SameFaceDistance || (samePlace && distance <= tolerance)) && distance < bestDistance)
                {
                    (best, bestDistance) = (track, distance);
                }
            }

            best ??= Start(face, frame, time, turn);
            best.Seen(face.Box, frame);
            best.Add(face.Descriptor);
            taken.Add(best);
            linked.Add(best);
        }

        return linked;
    }

    private bool SomeoneElse(FaceTrack track, DetectedFace face) =>
        namedAs is not null && namedAs(face.Descriptor) is { } name && namedAs(track.Mean!) is { } trackName && name != trackName;

    public static float Overlap(FaceBox a, FaceBox b) => GreedyNms.IoU(
        new Candidate(a.X, a.Y, a.X + a.Width, a.Y + a.Height, a.Score, 0),
        new Candidate(b.X, b.Y, b.X + b.Width, b.Y + b.Height, b.Score, 1));

    private FaceTrack Start(DetectedFace face, int frame, TimeSpan time, int turn)
    {
        var track = new FaceTrack(Tracks.Count, time, face.Box, frame, turn);
        Tracks.Add(track);
        return track;
    }
}
