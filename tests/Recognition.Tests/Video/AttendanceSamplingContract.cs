using Classroom.Recognition.Tests.Support;
using Classroom.Recognition.Video;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Tests.Video;

/// <summary>
/// Ramp videos for attendance sampling: frame N's grey level grows with N (2 levels a frame), encoded losslessly, so a sampled frame tells
/// exactly which source frame it is. 12 s at 10 frames a second; keyframes every 1.5 s (shorter than the 2 s interval)
/// or every 5 s (longer).
/// </summary>
public sealed class RampVideos : IDisposable
{
    private readonly MediaFolder _media = new();

    public RampVideos()
    {
        ShortGops = Ramp("ramp-gop15.mp4", 15);
        LongGops = Ramp("ramp-gop50.mp4", 50);
        ShortGopsMkv = Ramp("ramp-gop15.mkv", 15);
    }

    /// <summary>As <see cref="ShortGops"/> in Matroska: its index is the cues, its packets carry no decoding times.</summary>
    public string ShortGopsMkv { get; }

    public string ShortGops { get; }

    public string LongGops { get; }

    private string Ramp(string name, int gop) => MediaFolder.Ffmpeg("-f", "lavfi", "-i", "nullsrc=s=64x64:r=10:d=12,geq=lum='8+N*2':cb=128:cr=128",
        "-c:v", "libx264", "-qp", "0", "-pix_fmt", "yuv420p", "-g", $"{gop}", "-keyint_min", $"{gop}", "-sc_threshold", "0", "-bf", "2", _media.PathOf(name));

    public void Dispose() => _media.Dispose();
}

/// <summary>What every frame source does with <see cref="VideoSampling.Attendance"/>; run against each decoder below.</summary>
public abstract class AttendanceSamplingContract(RampVideos videos)
{
    /// <summary>The decoder under test.</summary>
    protected abstract IVideoFrameSource Source(VideoOptions options);

    /// <summary>Whether the decoder decodes short stretches between keyframes from their keyframe only (the native decoder does; an ffmpeg process cannot).</summary>
    protected abstract bool DropsFramesBetweenKeyframes { get; }

    private static readonly TimeSpan[] Times = [.. new[] { 0, 0.5, 1, 1.5, 2, 4, 6, 8, 10 }.Select(TimeSpan.FromSeconds)];

    [Theory]
    [InlineData("mp4")]
    [InlineData("mkv")]
    public async Task Attendance_reads_the_opening_as_first_mode_then_one_frame_per_interval(string container)
    {
        var (frames, numbers) = await SampleAsync(container == "mkv" ? videos.ShortGopsMkv : videos.ShortGops);

        // The opening (2 s) at 2 frames a second, then one frame every 2 s; the fps filter may add one at the very end.
        Assert.Equal(Times, frames.Take(Times.Length).Select(f => f.Time));
        Assert.InRange(frames.Count, Times.Length, Times.Length + 1);
        Assert.Equal(Enumerable.Range(0, frames.Count), frames.Select(f => f.Index));
        Assert.Equal([0, 5, 10, 15, 20], numbers.Take(5)); // the opening and the first sample exactly: the GOP they lie in began before 2 s
        for (var i = 5; i < Times.Length; i++)
        {
            // Every later sample shows a frame from the interval before its time (source frames are 0.1 s apart).
            var at = (int)(Times[i].TotalSeconds * 10);
            Assert.InRange(numbers[i], at - 19, at);
        }

        // Keyframes every 15 frames (1.5 s, within the 2 s interval): the native decoder hands over the keyframe
        // at or before each time (30, 60, 75, 90) and never decodes the frames between; an ffmpeg process decodes all.
        Assert.Equal(DropsFramesBetweenKeyframes ? [30, 60, 75, 90] : [40, 60, 80, 100], numbers[5..Times.Length]);
    }

    [Fact]
    public async Task Keyframes_further_apart_than_the_interval_are_decoded_whole_so_every_sample_is_exact()
    {
        var (frames, numbers) = await SampleAsync(videos.LongGops);
        Assert.Equal(Times, frames.Take(Times.Length).Select(f => f.Time));
        Assert.Equal([0, 5, 10, 15, 20, 40, 60, 80, 100], numbers.Take(Times.Length));
    }

    [Fact]
    public async Task Uniform_reads_and_an_interval_of_zero_are_unchanged()
    {
        var uniform = await ReadAsync(Source(new VideoOptions()), videos.ShortGops, VideoSampling.Uniform);
        var off = await ReadAsync(Source(new VideoOptions { AttendanceInterval = 0 }), videos.ShortGops, VideoSampling.Attendance);
        Assert.InRange(uniform.Count, 24, 25); // 12 s at 2 frames a second (and the fps filter's possible end frame)
        Assert.Equal(uniform.Select(f => (f.Time, Grey(f))), off.Select(f => (f.Time, Grey(f))));
    }

    /// <summary>
    /// The attendance frames (interval 2 s, 2 frames a second) and the source frame number each shows: the source frame
    /// (all of them, read at the source's 10 frames a second) with the same mean level; the ramp makes those levels distinct.
    /// </summary>
    private async Task<(List<VideoFrame> Frames, int[] Numbers)> SampleAsync(string video)
    {
        var every = (await ReadAsync(Source(new VideoOptions { FramesPerSecond = 10 }), video, VideoSampling.Uniform)).Select(Grey).ToList();
        var frames = await ReadAsync(Source(new VideoOptions { FramesPerSecond = 2, AttendanceInterval = 2 }), video, VideoSampling.Attendance);
        return (frames, [.. frames.Select(f => every.IndexOf(every.MinBy(g => Math.Abs(g - Grey(f)))))]);
    }

    private static double Grey(VideoFrame frame) => frame.Image.Pixels.Average(b => (double)b);

    private static async Task<List<VideoFrame>> ReadAsync(IVideoFrameSource source, string path, VideoSampling sampling)
    {
        var frames = new List<VideoFrame>();
        await foreach (var f in source.ReadFramesAsync(path, sampling, CancellationToken.None))
        {
            frames.Add(f);
        }

        (source as IDisposable)?.Dispose();
        return frames;
    }
}

public sealed class FFmpegAttendanceSamplingTests(RampVideos videos) : AttendanceSamplingContract(videos), IClassFixture<RampVideos>
{
    protected override bool DropsFramesBetweenKeyframes => false;

    protected override IVideoFrameSource Source(VideoOptions options) => new FFmpegFrameSource(Options.Create(options), NullLogger<FFmpegFrameSource>.Instance);
}

public sealed class WorkerAttendanceSamplingTests(RampVideos videos) : AttendanceSamplingContract(videos), IClassFixture<RampVideos>
{
    protected override bool DropsFramesBetweenKeyframes => true;

    protected override IVideoFrameSource Source(VideoOptions options) => new WorkerFrameSource(Options.Create(options), NullLogger<WorkerFrameSource>.Instance);
}
