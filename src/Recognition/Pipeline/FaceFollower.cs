using Classroom.Recognition.Faces;
using Classroom.Recognition.Video;

namespace Classroom.Recognition.Pipeline;

/// <summary>
/// All mode's cheap look at a frame whose faces are already known. When every face of the last full look belongs to a
/// named track seen in two frames or more, the next frame is looked at with the engine's quick detector
/// (<see cref="IFaceEngine.FindFacesQuickly"/>); if it finds exactly that many faces, each where its track last was and
/// named on its own as its track is (tolerance and margin: a face merely within tolerance of a track may be someone else
/// in the same place — president_biden lies within 0.6 of president_trump), the tracks are followed — seen again, their evidence (and so every
/// verdict) untouched — and the full look is saved. Anything else (a face more or fewer, one that moved or does not
/// match, a stranger on screen, a turned video) gets the full look, and so does every <see cref="FullLookEvery"/>-th
/// frame, which finds a newcomer the quick detector missed. Names come from full looks only.
/// </summary>
internal sealed class FaceFollower(IFaceEngine engine, TrackJudge judge)
{
    /// <summary>
    /// At most this many frames in a row are followed quickly: with attendance's 2 s interval a newcomer the quick
    /// detector does not see is looked for fully within 10 s.
    /// </summary>
    public const int FullLookEvery = 5;

    /// <summary>A face's box overlapping its track's last box this much is the same place (the tracker's rule; detectors' boxes of one face differ in size).</summary>
    private const float SamePlace = 0.3f;

    private List<FaceTrack> _last = [];
    private int _followed;

    /// <summary>Frames followed with the quick look, for the log and the benchmarks.</summary>
    public int Followed { get; private set; }

    /// <summary>Whether <paramref name="frame"/> was followed (its tracks seen again); false: it needs the full look.</summary>
    public bool TryFollow(VideoFrame frame, int turn, CancellationToken cancellationToken)
    {
        if (turn != 0 || _followed >= FullLookEvery - 1 || _last.Count == 0
            || !_last.All(t => t.Frames >= 2 && judge.Judge(t).Kind == VerdictKind.Named))
        {
            return false;
        }

        var faces = engine.FindFacesQuickly(frame.Image, cancellationToken);
        if (faces.Count != _last.Count)
        {
            return false;
        }

        var pairs = new List<(FaceTrack Track, FaceBox Box)>(faces.Count);
        foreach (var face in faces)
        {
            var seen = judge.Judge(face.Descriptor);
            var track = seen.Kind != VerdictKind.Named ? null : _last.Find(t =>
                pairs.TrueForAll(p => p.Track != t) && FaceTracker.Overlap(t.LastBox, face.Box) >= SamePlace && judge.Judge(t).Name == seen.Name);
            if (track is null)
            {
                return false;
            }

            pairs.Add((track, face.Box));
        }

        foreach (var (track, box) in pairs)
        {
            track.Seen(box, frame.Index);
        }

        _followed++;
        Followed++;
        return true;
    }

    /// <summary>A full look at a frame found the faces of <paramref name="tracks"/>.</summary>
    public void Looked(IReadOnlyList<FaceTrack> tracks)
    {
        _last = [.. tracks];
        _followed = 0;
    }
}
