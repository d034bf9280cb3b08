using Classroom.Recognition.Faces;
using Classroom.Recognition.Imaging;

namespace Classroom.Recognition.Pipeline;

/// <summary>
/// One video's face search: the engine's look at each frame, and the second looks of <see cref="FaceSearchOptions"/>
/// when it finds nothing. Remembers the turn that showed faces, so a sideways video is read turned from then on.
/// Faces come back in the decoded frame's coordinates whatever look found them. Not thread-safe (one per video).
/// </summary>
internal sealed class FaceSearch(IFaceEngine engine, FaceSearchOptions options)
{
    /// <summary>The turns compared: a quarter either way (phones), then upside down.</summary>
    private static readonly int[] AllTurns = [0, 1, 3, 2];

    /// <summary>Dim frames after the opening get the brightened look on every this-many-th frame with content (every 4 s at 2 frames a second).</summary>
    private const int DimRetryEvery = 8;

    private int? _turn;
    private int _provisional;
    private int _contentFrames;

    /// <summary>The turn of the faces the last <see cref="Look"/> returned (faces from a turn the video does not settle on are to be dropped).</summary>
    public int LastTurn { get; private set; }

    /// <summary>Quarter turns clockwise that the video is read with: the settled turn, else the last comparison's pick, else 0.</summary>
    public int Turn => _turn ?? _provisional;

    /// <summary>Looks beyond the first, for the log and the benchmarks.</summary>
    public int SecondLooks { get; private set; }

    /// <summary>
    /// The faces of a frame. Until the video's turn is settled, a frame in the opening (or a retry frame) whose faces name
    /// nobody, or that shows none, is looked at in the other turns too. Upright wins and is settled when its faces name
    /// someone, another turn when its faces name someone decisively (<see cref="Settles"/>); otherwise the read that stands
    /// apart from the other turns' (<see cref="ReadUpright"/>), else the detector's confidence, picks this frame's faces,
    /// and the turn they came from is read first from then on, unsettled. The detector alone cannot tell the turn: a sideways or upside-down face still scores 0.6–0.98, sometimes more than
    /// the upright one (cse546 test_2), but its descriptor, from a chip aligned on landmarks that a turned face
    /// confuses, sits between people (often 0.57–0.70 from one, with a margin under 0.1) and names nobody.
    /// </summary>
    /// <param name="evidence">For a frame's faces: negative when none names anyone, the widest margin of one that does, 1 + the margin when that name is decisive.</param>
    public IReadOnlyList<DetectedFace> Look(RgbImage frame, Func<IReadOnlyList<DetectedFace>, double> evidence, CancellationToken cancellationToken)
    {
        var stats = ImageOps.Measure(frame);
        var turn = Turn;
        LastTurn = turn;
        var faces = LookAt(frame, turn, enhance: false, cancellationToken);
        var blank = stats.IsBlank && faces.Count == 0;
        var index = blank ? _contentFrames : _contentFrames++;
        var opening = index < options.OpeningFrames;
        var retry = options.Turns && (opening || (index - options.OpeningFrames) % options.RetryEvery == options.RetryEvery - 1);
        if (faces.Count > 0 && _turn is null && Settles(evidence(faces), turn))
        {
            _turn = turn; // a name in the turn looked at first settles it
        }

        if (faces.Count > 0 && (_turn is not null || !retry))
        {
            return faces;
        }

        if (blank)
        {
            return faces; // a black or flat frame: no second look can find anything
        }

        var dim = options.LowLight && stats.IsDim;
        if (faces.Count == 0 && dim && (opening || index % DimRetryEvery == 0))
        {
            faces = LookAt(frame, turn, enhance: true, cancellationToken);
            if (faces.Count > 0 && (_turn is not null || Settles(evidence(faces), turn)))
            {
                _turn ??= turn;
                return faces;
            }
        }

        if (_turn is null && retry)
        {
            var best = (Faces: faces, Turn: turn, Key: Key(faces, turn, evidence));
            var reads = new List<(int Turn, IReadOnlyList<DetectedFace> Faces)> { (turn, faces) };
            foreach (var t in AllTurns.Where(t => t != turn))
            {
                var turned = LookAt(frame, t, enhance: dim, cancellationToken);
                reads.Add((t, turned));
                var key = Key(turned, t, evidence);
                if (turned.Count > 0 && key.CompareTo(best.Key) > 0)
                {
                    best = (turned, t, key);
                }
            }

            if (best.Key.Named)
            {
                _turn = best.Turn;
            }
            else if (best.Faces.Count > 0)
            {
                if (ReadUpright(reads, turn) is { } upright)
                {
                    best = (upright.Faces, upright.Turn, best.Key);
                }

                _provisional = best.Turn;
            }

            faces = best.Faces;
            LastTurn = best.Turn;
        }

        if (faces.Count > 0)
        {
            return faces;
        }

        return options.Mirror && opening ? LookMirrored(frame, cancellationToken) : faces;
    }

    /// <summary>
    /// When no turn names anyone and the frame shows one face, the turn whose read of it stands apart from the other turns'
    /// reads (three turns or more saw it). A face read in a wrong turn gives a descriptor from a misaligned chip, and such
    /// reads of one face fall near each other while the upright read stands apart (on the clean cse546 clips turned four
    /// ways, 0.43–0.59 against 0.61–0.80: docs/face-engine.md, "Turns"). This tells the turn without the roster, so a
    /// student who is not enrolled is read upright too, where the detector's confidence cannot (a turned face can score
    /// higher than the upright one). On a blurred or small face a misread can stand apart too, so the reads within
    /// <see cref="StandsApartBy"/> of the most apart all stand: the turn looked at first (<paramref name="incumbent"/>)
    /// keeps its place among them, else the detector's confidence picks. With several faces the detector decides, as before.
    /// </summary>
    private static (int Turn, IReadOnlyList<DetectedFace> Faces)? ReadUpright(List<(int Turn, IReadOnlyList<DetectedFace> Faces)> reads, int incumbent)
    {
        if (reads.Any(r => r.Faces.Count > 1))
        {
            return null; // several faces: a head tilted in the scene can stand apart in another turn (docs/face-engine.md)
        }

        var scored = new List<(int Turn, IReadOnlyList<DetectedFace> Faces, double Apart)>();
        foreach (var (turn, faces) in reads.Where(r => r.Faces.Count > 0))
        {
            var face = faces[0];
            var others = reads.Where(r => r.Turn != turn && r.Faces.Count > 0 && FaceTracker.Overlap(r.Faces[0].Box, face.Box) >= SameFaceOverlap)
                .Select(r => r.Faces[0]).ToList();
            if (others.Count >= 2)
            {
                scored.Add((turn, faces, others.Min(o => FaceMatching.FaceDistance(o.Descriptor, face.Descriptor))));
            }
        }

        if (scored.Count < 3)
        {
            return null;
        }

        var most = scored.Max(s => s.Apart);
        var standing = scored.Where(s => s.Apart >= most - StandsApartBy).ToList();
        var pick = standing.Any(s => s.Turn == incumbent) ? standing.First(s => s.Turn == incumbent) : standing.MaxBy(s => s.Faces[0].Box.Score);
        return (pick.Turn, pick.Faces);
    }

    /// <summary>
    /// Reads this close to the most apart one stand apart too: a misread outstood a blurred upright read by up to 0.08
    /// (cse546 test_1's 80 kbit/s webm); a sideways clip's true turn stood clear of its raw read by more than 0.1 on all
    /// but one of ten one-face frames (docs/face-engine.md, "Turns").
    /// </summary>
    private const double StandsApartBy = 0.1;

    /// <summary>Boxes of two turns' reads (put back in the frame) overlapping this much are one face: a turned read's box is about the same square.</summary>
    private const float SameFaceOverlap = 0.3f;

    /// <summary>Looks compared: one that settles its turn beats one that does not; then the stronger evidence, or the detector's confidence.</summary>
    private static (bool Named, double Strength) Key(IReadOnlyList<DetectedFace> faces, int turn, Func<IReadOnlyList<DetectedFace>, double> evidence)
    {
        if (faces.Count == 0)
        {
            return (false, -1);
        }

        var e = evidence(faces);
        return Settles(e, turn) ? (true, e) : (false, faces.Max(f => f.Box.Score));
    }

    /// <summary>
    /// Upright is settled by any name; a turn only by a decisive one (evidence ≥ 1): a face read in a wrong turn has come
    /// within 0.51–0.55 of one hub-like person with a margin up to 0.17 (docs/face-engine.md), never decisively.
    /// </summary>
    private static bool Settles(double evidence, int turn) => turn == 0 ? evidence >= 0 : evidence >= 1;

    /// <summary>The faces of the mirrored frame (read with the video's turn), each as seen mirrored, boxes and landmarks put back in the frame.</summary>
    public IReadOnlyList<DetectedFace> LookMirrored(RgbImage frame, CancellationToken cancellationToken)
    {
        SecondLooks++;
        var turned = ImageOps.Turn(frame, Turn);
        var found = engine.FindFaces(ImageOps.Mirror(turned), cancellationToken);
        var w = turned.Width;
        return [.. found.Select(f => Back(f with
        {
            Box = f.Box with { X = w - f.Box.X - f.Box.Width },
            Landmarks = [.. f.Landmarks.Select(p => p with { X = w - p.X })],
            Landmarks5 = [.. f.Landmarks5.Select(p => p with { X = w - p.X })],
        }, Turn, frame))];
    }

    private IReadOnlyList<DetectedFace> LookAt(RgbImage frame, int turn, bool enhance, CancellationToken cancellationToken)
    {
        if (turn != Turn || enhance)
        {
            SecondLooks++;
        }

        var image = ImageOps.Turn(frame, turn);
        if (enhance)
        {
            image = ImageOps.EnhanceLowLight(image);
        }

        var found = enhance ? engine.FindFaces(image, options.SecondLookMinConfidence, cancellationToken) : engine.FindFaces(image, cancellationToken);
        return turn == 0 ? found : [.. found.Select(f => Back(f, turn, frame))];
    }

    private static DetectedFace Back(DetectedFace face, int turn, RgbImage frame) => turn == 0 ? face : face with
    {
        Box = ImageOps.Unturn(face.Box, turn, frame.Width, frame.Height),
        Landmarks = [.. face.Landmarks.Select(p => ImageOps.Unturn(p, turn, frame.Width, frame.Height))],
        Landmarks5 = [.. face.Landmarks5.Select(p => ImageOps.Unturn(p, turn, frame.Width, frame.Height))],
    };
}
