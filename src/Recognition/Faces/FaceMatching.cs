namespace Classroom.Recognition.Faces;

/// <summary>
/// Matching in the spirit of Python face_recognition: Euclidean distance between 128-d descriptors,
/// and a tolerance (default 0.6, lower is stricter) under which two faces are the same person.
/// </summary>
public static class FaceMatching
{
    /// <summary>dlib's and face_recognition's default: pairs of the same person are mostly under 0.6.</summary>
    public const double DefaultTolerance = 0.6;

    public static double FaceDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Descriptors differ in length ({a.Length} vs {b.Length}).", nameof(b));
        }

        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Distance from <paramref name="candidate"/> to each known descriptor; empty in, empty out.</summary>
    public static double[] FaceDistance(IReadOnlyList<float[]> known, ReadOnlySpan<float> candidate)
    {
        ArgumentNullException.ThrowIfNull(known);
        var result = new double[known.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = FaceDistance(known[i], candidate);
        }

        return result;
    }

    /// <summary>For each known descriptor, whether the candidate is within tolerance of it.</summary>
    public static bool[] CompareFaces(IReadOnlyList<float[]> known, ReadOnlySpan<float> candidate, double tolerance = DefaultTolerance)
    {
        var distances = FaceDistance(known, candidate);
        return Array.ConvertAll(distances, d => d <= tolerance);
    }
}
