using System.Globalization;

namespace Classroom.Recognition.Video;

/// <summary>Which frames of a video a read samples.</summary>
public enum VideoSampling
{
    /// <summary>One frame every 1/<see cref="VideoOptions.FramesPerSecond"/> s, throughout (first mode: who is there first).</summary>
    Uniform,

    /// <summary>
    /// Attendance over a whole video (all mode): the opening (<see cref="SamplingPlan.OpeningSeconds"/>) as
    /// <see cref="Uniform"/>, then one frame every <see cref="VideoOptions.AttendanceInterval"/> seconds; where the
    /// container's index shows keyframes at most that far apart, only keyframes are decoded after the opening.
    /// </summary>
    Attendance,
}

/// <summary>
/// A read's sampling in the decoders' terms: the fps filter's frames numbered n = 0, 1, …; the first
/// <see cref="DenseFrames"/> all kept, after them every <see cref="Step"/>-th (ffmpeg's <c>select</c>), so kept frame i
/// lies at <see cref="TimeOf"/>(i).
/// </summary>
internal sealed record SamplingPlan(double FramesPerSecond, int DenseFrames, int Step)
{
    /// <summary>
    /// Attendance reads its first seconds as first mode does (<c>Classroom:Matching:EvidenceFrames</c> 4 at 2 frames a
    /// second): a short clip gets the same frames in either mode, and a face in the opening gets its confirming frame.
    /// </summary>
    public const double OpeningSeconds = 2;

    public static SamplingPlan For(VideoOptions options, VideoSampling sampling)
    {
        ArgumentNullException.ThrowIfNull(options);
        var fps = options.FramesPerSecond;
        var step = sampling == VideoSampling.Attendance && options.AttendanceInterval > 0 ? Math.Max(1, (int)Math.Round(options.AttendanceInterval * fps)) : 1;
        return step == 1 ? new SamplingPlan(fps, int.MaxValue, 1) : new SamplingPlan(fps, (int)Math.Ceiling(OpeningSeconds * fps), step);
    }

    public bool IsSparse => Step > 1;

    /// <summary>The <c>select</c> filter (with its trailing comma) that keeps the plan's frames of the fps filter's; empty when all are kept.</summary>
    public string SelectFilter => IsSparse
        ? string.Create(CultureInfo.InvariantCulture, $"select='lt(n\\,{DenseFrames})+not(mod(n-{DenseFrames}\\,{Step}))',")
        : string.Empty;

    /// <summary>The time of the <paramref name="index"/>-th frame the read returns.</summary>
    public TimeSpan TimeOf(int index) => TimeSpan.FromSeconds((index < DenseFrames ? index : DenseFrames + ((long)(index - DenseFrames) * Step)) / FramesPerSecond);

    /// <summary>For the native decoder: from when (ms) stretches between keyframes may be decoded from their keyframe only; -1 never.</summary>
    public int KeyframesAfterMilliseconds => IsSparse ? (int)(DenseFrames * 1000 / FramesPerSecond) : -1;

    /// <summary>For the native decoder: the longest such stretch (ms): one sampling interval, so each sample still comes from its own stretch.</summary>
    public int KeyGapMilliseconds => IsSparse ? (int)Math.Round(Step * 1000 / FramesPerSecond) : 0;
}
