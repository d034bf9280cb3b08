using Classroom.Recognition.Hosting;

namespace Classroom.Recognition.Video;

/// <summary>How videos are decoded into frames (section "Classroom:Video").</summary>
public sealed class VideoOptions : IValidatedOptions
{
    public const string SectionName = "Classroom:Video";

    /// <summary>Folder holding <c>ffmpeg</c> and <c>ffprobe</c>; empty: found on PATH.</summary>
    public string? FFmpegDirectory { get; set; }

    /// <summary>Frames are scaled down (never up) so their longest side is at most this many pixels.</summary>
    public int MaxDimension { get; set; } = 1280;

    /// <summary>Frames sampled per second of video (ffmpeg's fps filter; variable frame rate becomes constant).</summary>
    public double FramesPerSecond { get; set; } = 2;

    /// <summary>
    /// All mode (attendance over a whole video): after its opening seconds, one frame every this many seconds; 0: as
    /// <see cref="FramesPerSecond"/> throughout. A face needs two sampled frames to be named unless one is decisive, so a
    /// student on screen for twice this long is counted (docs/pipeline.md, "Attendance sampling").
    /// </summary>
    public double AttendanceInterval { get; set; } = 2;

    /// <summary>
    /// Which decoder: <see cref="VideoDecoder.Auto"/> uses the decoder worker (<see cref="WorkerFrameSource"/>) when it
    /// and the ffmpeg libraries are there, else runs ffmpeg per video (<see cref="FFmpegFrameSource"/>).
    /// </summary>
    public VideoDecoder Decoder { get; set; } = VideoDecoder.Auto;

    /// <summary>ffmpeg decoder threads; 0 lets ffmpeg choose.</summary>
    public int DecoderThreads { get; set; }

    /// <summary>Throws a readable error when a value is out of range.</summary>
    public void Validate()
    {
        if (MaxDimension is < 32 or > 8192)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDimension), MaxDimension, $"{SectionName}:MaxDimension must be between 32 and 8192 pixels.");
        }

        if (!(FramesPerSecond is >= 0.01 and <= 120))
        {
            throw new ArgumentOutOfRangeException(nameof(FramesPerSecond), FramesPerSecond, $"{SectionName}:FramesPerSecond must be between 0.01 and 120.");
        }

        if (!(AttendanceInterval is >= 0 and <= 60))
        {
            throw new ArgumentOutOfRangeException(nameof(AttendanceInterval), AttendanceInterval, $"{SectionName}:AttendanceInterval must be between 0 and 60 seconds.");
        }

        if (DecoderThreads is < 0 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(DecoderThreads), DecoderThreads, $"{SectionName}:DecoderThreads must be between 0 and 64.");
        }
    }
}

/// <summary>How videos are decoded (<see cref="VideoOptions.Decoder"/>).</summary>
public enum VideoDecoder
{
    /// <summary>The decoder worker when it runs here, else an ffmpeg process per video.</summary>
    Auto,

    /// <summary>Long-lived classroom-video-worker processes over the ffmpeg libraries; an error if they do not run.</summary>
    Worker,

    /// <summary>An ffmpeg process per video, frames through a pipe (FFMpegCore finds ffmpeg; works wherever ffmpeg runs).</summary>
    FFmpeg,
}
