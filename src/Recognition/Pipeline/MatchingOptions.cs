using Classroom.Recognition.Faces;
using Classroom.Recognition.Hosting;

namespace Classroom.Recognition.Pipeline;

/// <summary>How a face is matched to a known face (section "Classroom:Matching").</summary>
public sealed class MatchingOptions : IValidatedOptions
{
    public const string SectionName = "Classroom:Matching";

    /// <summary>Largest descriptor distance that still counts as the same person (face_recognition's default 0.6; lower is stricter).</summary>
    public double Tolerance { get; set; } = FaceMatching.DefaultTolerance;

    /// <summary>
    /// A name needs the second-nearest person at least this much farther than the nearest; nearer than that the result is
    /// ambiguous (calibration in docs/face-engine.md).
    /// </summary>
    public double MinMargin { get; set; } = DefaultMinMargin;

    /// <summary>First mode: sampled frames, from the first with a face, whose faces are evidence (fewer when one face is decisive).</summary>
    public int EvidenceFrames { get; set; } = DefaultEvidenceFrames;

    /// <summary>See docs/face-engine.md, "Deciding on evidence".</summary>
    public const double DefaultMinMargin = 0.08;

    /// <summary>Two seconds at two frames a second: the whole of most cse546 clips.</summary>
    public const int DefaultEvidenceFrames = 4;

    public void Validate()
    {
        if (!(Tolerance is > 0 and <= 2))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, $"{SectionName}:Tolerance must be in (0, 2] (dlib descriptors are unit vectors: distances lie in [0, 2]).");
        }

        if (!(MinMargin is >= 0 and < 2))
        {
            throw new ArgumentOutOfRangeException(nameof(MinMargin), MinMargin, $"{SectionName}:MinMargin must be in [0, 2).");
        }

        if (EvidenceFrames is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(EvidenceFrames), EvidenceFrames, $"{SectionName}:EvidenceFrames must be between 1 and 100.");
        }
    }
}
