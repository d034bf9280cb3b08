using Classroom.Recognition.Faces;

namespace Classroom.Recognition.Pipeline;

/// <summary>How a face is matched to a known face (section "Classroom:Matching").</summary>
public sealed class MatchingOptions
{
    public const string SectionName = "Classroom:Matching";

    /// <summary>Largest descriptor distance that still counts as the same person (face_recognition's default 0.6; lower is stricter).</summary>
    public double Tolerance { get; set; } = FaceMatching.DefaultTolerance;

    public void Validate()
    {
        if (!(Tolerance is > 0 and <= 2))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, $"{SectionName}:Tolerance must be in (0, 2] (dlib descriptors are unit vectors: distances lie in [0, 2]).");
        }
    }
}
