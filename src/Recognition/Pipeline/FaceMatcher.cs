using Classroom.Recognition.Faces;
using Classroom.Recognition.Roster;

namespace Classroom.Recognition.Pipeline;

/// <summary>
/// Nearest known face within tolerance. The original took the first known encoding within tolerance, so with
/// two similar people the answer depended on file order; the nearest is the right one.
/// </summary>
public sealed class FaceMatcher
{
    private readonly IReadOnlyList<KnownFace> _known;

    public FaceMatcher(IReadOnlyList<KnownFace> known, double tolerance)
    {
        _known = known ?? throw new ArgumentNullException(nameof(known));
        Tolerance = tolerance;
    }

    public double Tolerance { get; }

    /// <summary>The nearest known person and the distance; Name is null when nobody is within tolerance (Distance is then the nearest anyway, or +∞ with no known faces).</summary>
    public (string? Name, double Distance) Match(ReadOnlySpan<float> descriptor)
    {
        string? best = null;
        var bestDistance = double.PositiveInfinity;
        foreach (var known in _known)
        {
            if (known.Descriptor.Length != descriptor.Length)
            {
                continue; // a descriptor from another model cannot be compared
            }

            var d = FaceMatching.FaceDistance(known.Descriptor, descriptor);
            if (d < bestDistance)
            {
                (best, bestDistance) = (known.Name, d);
            }
        }

        return bestDistance <= Tolerance ? (best, bestDistance) : (null, bestDistance);
    }
}
