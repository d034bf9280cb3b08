using Classroom.Recognition.Faces;
using Classroom.Recognition.Video;

namespace Classroom.Recognition.Pipeline;

/// <summary>
/// The engine's quick look (<see cref="IFaceEngine.FindFacesQuickly"/>) where it cannot cost a name; the full look
/// (SSD) everywhere else. Names come from full looks, or from a quick look's decisive name.
/// <list type="bullet">
/// <item>Deciding (first mode, the first frame, upright): when the nearest face the quick look names is named
/// decisively (<see cref="TrackJudge.IsDecisive"/>), it wins the video as the full look's answer would (the nearer name
/// wins), and the video is decided; the frame's other faces are kept as tracks (strangers, for the count). A face the
/// quick detector missed could only change that as another student nearer still — as much "the first person seen" —
/// and a weaker look (no decisive name, no face) gets the full look, as does every later frame.</item>
/// <item>Following: when every face of the last full look belongs to a named track (all mode: seen in two frames or
/// more; first mode: waiting for its second frame), the next frame is looked at quickly; if it finds exactly that many
/// faces (first mode: or fewer, see <see cref="OutweighsTheMissing"/>), each where its track last was and named on its own as its track is (tolerance and margin: a face merely
/// within tolerance of a track may be someone else in the same place — president_biden lies within 0.6 of
/// president_trump), the tracks are seen again, their evidence (and so every verdict but a confirmation) untouched,
/// and the full look is saved. Anything else (a face more or fewer, one that moved or does not match, a stranger on
/// screen, a turned video) gets the full look, and so does every <see cref="FullLookEvery"/>-th frame, which finds a
/// newcomer the quick detector missed.</item>
/// </list>
/// </summary>
internal sealed class FaceFollower(IFaceEngine engine, TrackJudge judge, RecognitionMode mode)
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
    private bool _triedDeciding;

    /// <summary>Frames looked at with the quick look only (followed, or decided on), for the log and the benchmarks.</summary>
    public int Followed { get; private set; }

    /// <summary>
    /// First mode, the first frame only (a video without faces pays for one quick look, not one per frame): the quick
    /// look's faces and whether they decide the video; null when no quick look was taken. Faces that do not decide are
    /// another view of the faces the full look at the same frame then finds — the quick detector's box gives the
    /// landmarks, and so the chip, another start.
    /// </summary>
    public (IReadOnlyList<DetectedFace> Faces, bool Decides)? TryDecide(VideoFrame frame, int turn, CancellationToken cancellationToken)
    {
        if (mode != RecognitionMode.First || turn != 0 || _triedDeciding)
        {
            return null;
        }

        _triedDeciding = true;
        var faces = engine.FindFacesQuickly(frame.Image, cancellationToken);
        var nearest = faces.Select(f => judge.Judge(f.Descriptor)).Where(v => v.Kind == VerdictKind.Named).OrderBy(v => v.Distance).FirstOrDefault();
        var decides = nearest.Kind == VerdictKind.Named && judge.IsDecisive(nearest);
        Followed += decides ? 1 : 0;
        return (faces, decides);
    }

    /// <summary>Whether <paramref name="frame"/> was followed (its tracks seen again); false: it needs the full look.</summary>
    public bool TryFollow(VideoFrame frame, int turn, CancellationToken cancellationToken)
    {
        if (turn != 0 || _followed >= FullLookEvery - 1 || _last.Count == 0 || !_last.TrueForAll(Followable))
        {
            return false;
        }

        var faces = engine.FindFacesQuickly(frame.Image, cancellationToken);
        if (faces.Count == 0 || faces.Count > _last.Count || (faces.Count < _last.Count && mode != RecognitionMode.First))
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

        if (pairs.Count < _last.Count && !OutweighsTheMissing(pairs.ConvertAll(p => p.Track)))
        {
            return false;
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

    /// <summary>
    /// First mode may follow fewer faces than the last full look found (cse546 test_5: the child beside the student is
    /// gone by the next frame) when every track not seen again lies farther from its person than every track seen: seen
    /// again, it still could not win (the nearer name wins), while a student the quick detector missed beside a weaker
    /// face gets the full look.
    /// </summary>
    private bool OutweighsTheMissing(List<FaceTrack> seen)
    {
        var farthestSeen = seen.Max(t => judge.Judge(t.Mean!).Distance);
        return _last.TrueForAll(t => seen.Contains(t) || judge.Judge(t.Mean!).Distance > farthestSeen);
    }

    /// <summary>All mode follows confirmed names; first mode also a name waiting for its second frame (which the quick look then gives it).</summary>
    private bool Followable(FaceTrack track) => mode == RecognitionMode.First
        ? track.Mean is { } mean && judge.Judge(mean).Kind == VerdictKind.Named
        : track.Frames >= 2 && judge.Judge(track).Kind == VerdictKind.Named;
}
