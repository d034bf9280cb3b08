namespace Classroom.Recognition.Faces;

/// <summary>
/// Matching in the spirit of Python face_recognition: Euclidean distance between 128-d descriptors,
/// and a tolerance (default 0.6, lower is stricter) under which two faces are the same person.
/// </summary>
public static class FaceMatching
{
    /// <summary>dlib's and face_recognition's default: pairs of the same person are mostly under 0.6.</summary>
    public const double DefaultTolerance = 0.6;

    /// <summary>Euclidean distance between two descriptors of the same length.</summary>
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
}
