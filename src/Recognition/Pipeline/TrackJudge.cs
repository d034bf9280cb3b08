using Classroom.Recognition.Faces;
using Classroom.Recognition.Roster;

namespace Classroom.Recognition.Pipeline;

/// <summary>What a track's evidence says.</summary>
internal enum VerdictKind
{
    /// <summary>Nearest person within tolerance and clear of the second-nearest by the margin.</summary>
    Named,

    /// <summary>Nearest person within tolerance, but the second-nearest is too close to tell them apart.</summary>
    Ambiguous,

    /// <summary>Nobody within tolerance.</summary>
    Unknown,

    /// <summary>Would be named, but on one frame only and not decisively: too little to name anyone on (a face glimpsed once).</summary>
    Unconfirmed,
}

/// <summary>A track's verdict: the nearest person and distance (aggregated descriptor), and the runner-up.</summary>
internal readonly record struct Verdict(VerdictKind Kind, string? Name, double Distance, string? Runner, double RunnerDistance)
{
    public double Margin => RunnerDistance - Distance;
}

/// <summary>
/// Judges tracks against the known faces. A person's distance is the smallest to any of their known descriptors, and
/// the nearest person is the candidate (the original took the first known encoding within tolerance, so with two
/// similar people the answer depended on file order).
/// A name needs the nearest person within tolerance of the track's aggregated descriptor and the second-nearest person
/// at least <see cref="MatchingOptions.MinMargin"/> farther; within tolerance but without the margin is ambiguous.
/// </summary>
internal sealed class TrackJudge
{
    /// <summary>
    /// A face this near one person and clear of the next by <see cref="DecisiveMargin"/> is named on one frame: in the
    /// calibration (docs/face-engine.md) no face of the wrong person — a stranger, a child, a face read in the wrong turn —
    /// came within 0.50 of a known person with a margin of 0.2, while most frames of the right person do.
    /// </summary>
    public const double DecisiveDistance = 0.5;

    /// <summary>The margin of a decisive face: 0.2, or twice <see cref="MatchingOptions.MinMargin"/> when that is more.</summary>
    public const double DecisiveMargin = 0.2;

    /// <summary>A track this far beyond tolerance is a stranger whatever more frames show (same-person views spread ~0.1 around their mean).</summary>
    public const double DecisivelyUnknown = 0.1;

    private readonly (string Name, float[][] Descriptors)[] _people;
    private readonly MatchingOptions _options;

    public TrackJudge(IReadOnlyList<KnownFace> known, MatchingOptions options)
    {
        ArgumentNullException.ThrowIfNull(known);
        _options = options;
        _people = [.. known.Where(k => k.Descriptor.Length == 128).GroupBy(k => k.Name, StringComparer.Ordinal).Select(g => (g.Key, g.Select(k => k.Descriptor).ToArray()))];
    }

    public double Tolerance => _options.Tolerance;

    /// <summary>
    /// The track's verdict. A name needs, besides tolerance and margin, two frames of the face, or one decisive frame
    /// (<see cref="IsDecisive"/>): cse546 test_5's child, seen in one frame, lies 0.52–0.59 from another student with a
    /// margin of 0.11–0.14, and a second frame of a face that is really there is almost always sampled.
    /// </summary>
    public Verdict Judge(FaceTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        if (track.Mean is null)
        {
            return new Verdict(VerdictKind.Unknown, null, double.PositiveInfinity, null, double.PositiveInfinity);
        }

        var verdict = Judge(track.Mean);
        return verdict.Kind == VerdictKind.Named && track.Frames < 2 && !IsDecisive(verdict) ? verdict with { Kind = VerdictKind.Unconfirmed } : verdict;
    }

    /// <summary>The verdict on one descriptor (a single view, or a track's aggregate) by tolerance and margin alone.</summary>
    public Verdict Judge(float[] descriptor)
    {
        if (_people.Length == 0)
        {
            return new Verdict(VerdictKind.Unknown, null, double.PositiveInfinity, null, double.PositiveInfinity);
        }

        var (first, firstDistance, runner, runnerDistance) = Nearest(descriptor);
        var kind = firstDistance > _options.Tolerance ? VerdictKind.Unknown
            : runnerDistance - firstDistance >= _options.MinMargin ? VerdictKind.Named
            : VerdictKind.Ambiguous;
        return new Verdict(kind, first, firstDistance, runner, runnerDistance);
    }

    /// <summary>The smallest distance of any single view of the track kept for it to <paramref name="name"/> (for the log).</summary>
    public double BestView(FaceTrack track, string? name)
    {
        ArgumentNullException.ThrowIfNull(track);
        var person = _people.FirstOrDefault(p => p.Name == name).Descriptors;
        return person is null || track.Samples.Count == 0 ? double.PositiveInfinity : track.Samples.Min(s => person.Min(d => FaceMatching.FaceDistance(d, s)));
    }

    /// <summary>For one frame's faces: −1 when none names anyone on its own, else the widest margin of one that does, plus 1 when decisive.</summary>
    public double Evidence(IReadOnlyList<DetectedFace> faces)
    {
        var best = -1.0;
        foreach (var face in faces)
        {
            var v = Judge(face.Descriptor);
            if (v.Kind == VerdictKind.Named)
            {
                best = Math.Max(best, Math.Min(v.Margin, 0.99) + (IsDecisive(v) ? 1 : 0));
            }
        }

        return best;
    }

    /// <summary>
    /// Whether more frames of the face are not needed: decisive, or named or a stranger on two frames or more, or not seen in
    /// the latest frame (gone: no more evidence is coming).
    /// </summary>
    public bool IsSettled(FaceTrack track, Verdict verdict, int frame) =>
        IsDecisive(verdict) || track.LastFrame < frame || (track.Frames >= 2 && verdict.Kind is VerdictKind.Named or VerdictKind.Unknown);

    /// <summary>Whether the face matches one person so clearly, or nobody so plainly, that more frames could not change it.</summary>
    public bool IsDecisive(Verdict verdict) => verdict.Kind switch
    {
        VerdictKind.Named => verdict.Distance <= DecisiveDistance && verdict.Margin >= Math.Max(DecisiveMargin, 2 * _options.MinMargin),
        VerdictKind.Unknown => verdict.Distance > _options.Tolerance + DecisivelyUnknown,
        _ => false,
    };

    private (string Name, double Distance, string? Runner, double RunnerDistance) Nearest(float[] descriptor)
    {
        (string Name, double Distance) best = (_people[0].Name, double.PositiveInfinity), second = (null!, double.PositiveInfinity);
        foreach (var (name, descriptors) in _people)
        {
            var d = descriptors.Min(k => FaceMatching.FaceDistance(k, descriptor));
            if (d < best.Distance)
            {
                (second, best) = (best, (name, d));
            }
            else if (d < second.Distance)
            {
                second = (name, d);
            }
        }

        return (best.Name, best.Distance, second.Name, second.Distance);
    }
}
