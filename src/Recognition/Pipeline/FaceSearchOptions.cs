using Classroom.Recognition.Hosting;

namespace Classroom.Recognition.Pipeline;

/// <summary>
/// The second looks the pipeline takes when a frame's first look finds no face (section "Classroom:Search"): a
/// brightened copy of a dim frame, the frame turned (video stored sideways or upside down without rotation metadata),
/// the mirrored frame. The opening frames get every look; later frames fewer, so a video with nobody in it costs
/// little more than one look per frame.
/// </summary>
public sealed class FaceSearchOptions : IValidatedOptions
{
    public const string SectionName = "Classroom:Search";

    /// <summary>Look again at a brightened copy of a dim frame that showed no face.</summary>
    public bool LowLight { get; set; } = true;

    /// <summary>Try the frame turned 90°, 270° and 180° when the upright frame shows no face; the first turn that does is kept for the video.</summary>
    public bool Turns { get; set; } = true;

    /// <summary>Look at the mirrored frame when the first look finds nothing in the opening frames, or only faces that match nobody clearly; merge by overlap.</summary>
    public bool Mirror { get; set; } = true;

    /// <summary>Sampled frames with content (not one flat colour) that get every second look: the video's opening seconds (4 = 2 s at 2 frames a second).</summary>
    public int OpeningFrames { get; set; } = 4;

    /// <summary>After the opening, a frame with no face gets the turned and brightened looks on every this-many-th frame with content (20 = every 10 s at 2 frames a second).</summary>
    public int RetryEvery { get; set; } = 20;

    /// <summary>
    /// The detector's threshold on a brightened frame: a face in shadow scores 0.3–0.5 even brightened, and a false face
    /// costs nothing here (it matches nobody, or too many people, and names no one).
    /// </summary>
    public float SecondLookMinConfidence { get; set; } = 0.3f;

    /// <summary>Throws a readable error when a value is out of range.</summary>
    public void Validate()
    {
        if (OpeningFrames is < 0 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(OpeningFrames), OpeningFrames, $"{SectionName}:OpeningFrames must be between 0 and 1000.");
        }

        if (!(SecondLookMinConfidence is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(SecondLookMinConfidence), SecondLookMinConfidence, $"{SectionName}:SecondLookMinConfidence must be between 0 and 1 (exclusive).");
        }

        if (RetryEvery is < 1 or > 10000)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryEvery), RetryEvery, $"{SectionName}:RetryEvery must be between 1 and 10000.");
        }
    }
}
