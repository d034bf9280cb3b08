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
    /// <summary>The other turns, compared by the detector's confidence.</summary>
    private static readonly int[] TurnsToTry = [1, 3, 2];

    /// <summary>Dim frames after the opening get the brightened look on every this-many-th frame with content (every 2 s at 2 frames a second).</summary>
    private const int DimRetryEvery = 4;

    private int? _turn;
    private int? _candidateTurn;
    private int _contentFrames;

    /// <summary>The turn of the faces the last <see cref="Look"/> returned (faces from a turn the video does not settle on are to be dropped).</summary>
    public int LastTurn { get; private set; }

    /// <summary>Quarter turns clockwise that the video is read with (0 until a turned look found faces).</summary>
    public int Turn => _turn ?? 0;

    /// <summary>Whether the turn is settled (faces convincing in it, or it won the comparison of turns).</summary>
    public bool Settled => _turn is not null;

    /// <summary>Looks beyond the first, for the log and the benchmarks.</summary>
    public int SecondLooks { get; private set; }

    /// <summary>
    /// The faces of a frame. Until the video's turn is settled, a frame whose faces are not <paramref name="convincing"/>
    /// (or that shows none) in the opening is looked at in all four turns and the turn whose best face the detector
    /// is surest of wins: a face upside down or sideways still scores 0.6–0.96, its upright turn scores higher (cse546's
    /// sideways clips: the right turn scored highest in 7 of 8). A face scoring <see cref="SettleScore"/> settles it at once.
    /// </summary>
    public IReadOnlyList<DetectedFace> Look(RgbImage frame, Func<IReadOnlyList<DetectedFace>, bool> convincing, CancellationToken cancellationToken)
    {
        var stats = ImageOps.Measure(frame);
        var turn = Turn;
        LastTurn = turn;
        var faces = LookAt(frame, turn, enhance: false, cancellationToken);
        var blank = stats.IsBlank && faces.Count == 0;
        var index = blank ? _contentFrames : _contentFrames++;
        var opening = index < options.OpeningFrames;
        if (_turn is null && faces.Count > 0 && (Best(faces) >= SettleScore || !options.Turns || !opening || convincing(faces)))
        {
            _turn = turn;
            return faces;
        }

        if (faces.Count > 0 && _turn is not null)
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
        }

        var retry = opening || (index - options.OpeningFrames) % options.RetryEvery == options.RetryEvery - 1;
        if (_turn is null && options.Turns && retry && (faces.Count == 0 || !convincing(faces)))
        {
            var bestTurn = turn;
            foreach (var t in TurnsToTry)
            {
                var turned = LookAt(frame, t, enhance: dim, cancellationToken);
                if (turned.Count > 0 && Best(turned) > Best(faces))
                {
                    (faces, bestTurn) = (turned, t);
                }
            }

            // Upright wins at once; a turn must score SettleScore or win twice (one weak turned face on a frame whose
            // upright face is hidden, like cse546 test_2's first, must not turn the whole video).
            if (faces.Count > 0 && (bestTurn == 0 || Best(faces) >= SettleScore || bestTurn == _candidateTurn))
            {
                _turn = bestTurn;
            }

            _candidateTurn = faces.Count > 0 ? bestTurn : _candidateTurn;
            LastTurn = bestTurn;
        }

        if (faces.Count > 0)
        {
            return faces;
        }

        return options.Mirror && opening ? LookMirrored(frame, cancellationToken) : faces;
    }

    /// <summary>A face the detector is this sure of is upright: no turned look of a cse546 clip scored as high as its upright face (0.95–1.00) did.</summary>
    private const float SettleScore = 0.95f;

    private static float Best(IReadOnlyList<DetectedFace> faces) => faces.Count == 0 ? 0 : faces.Max(f => f.Box.Score);

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
