using Classroom.Recognition.Imaging;
using Classroom.Recognition.Tests.Support;
using Classroom.Recognition.Video;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Tests.Video;

/// <summary>What every frame source must do; run against each decoder by the classes below.</summary>
public abstract class FrameSourceContract(FrameSourceVideos videos)
{
    /// <summary>The decoder under test.</summary>
    protected abstract IVideoFrameSource Source(double fps = 2, int maxDimension = 1280);

    internal static async Task<List<VideoFrame>> ReadAll(IVideoFrameSource source, string path)
    {
        var frames = new List<VideoFrame>();
        await foreach (var f in source.ReadFramesAsync(path, CancellationToken.None))
        {
            frames.Add(f);
        }

        return frames;
    }

    private Task<List<VideoFrame>> ReadAll(string path, double fps = 2, int maxDimension = 1280) => ReadAll(Source(fps, maxDimension), path);

    [Fact]
    public async Task A_1080p_clip_is_sampled_at_the_configured_rate_and_scaled_to_the_working_size()
    {
        var frames = await ReadAll(videos.Bars1080, fps: 2);

        // 3 s at 2 fps: samples at 0, 0.5, … 2.5 s; the fps filter may emit one more at the very end (its end-of-stream rounding).
        Assert.InRange(frames.Count, 6, 7);
        Assert.All(frames, f => Assert.Equal((1280, 720), (f.Image.Width, f.Image.Height)));
        Assert.Equal(Enumerable.Range(0, frames.Count), frames.Select(f => f.Index));
        Assert.Equal(TimeSpan.FromSeconds(1.5), frames[3].Time);
    }

    [Fact]
    public async Task Small_videos_are_never_scaled_up()
    {
        var frames = await ReadAll(videos.Small, fps: 1);
        Assert.All(frames, f => Assert.Equal((320, 240), (f.Image.Width, f.Image.Height)));
    }

    [Fact]
    public async Task The_working_size_is_configurable()
    {
        var frames = await ReadAll(videos.Bars1080, fps: 1, maxDimension: 640);
        Assert.All(frames, f => Assert.Equal((640, 360), (f.Image.Width, f.Image.Height)));
    }

    [Theory]
    [InlineData("webm")]
    [InlineData("hevc")]
    [InlineData("mov")]
    [InlineData("unicode")]
    public async Task Other_containers_codecs_and_file_names_decode(string which)
    {
        var path = which switch { "webm" => videos.Webm, "hevc" => videos.Hevc, "mov" => videos.Mov, _ => videos.Unicode };
        var frames = await ReadAll(path, fps: 2);

        // 2 s at 2 fps, with the fps filter's possible extra end frame.
        Assert.InRange(frames.Count, 4, 5);
        Assert.All(frames, f => Assert.Equal((320, 240), (f.Image.Width, f.Image.Height)));
    }

    [Fact]
    public async Task A_variable_frame_rate_video_gives_a_steady_sample_clock()
    {
        var frames = await ReadAll(videos.Vfr, fps: 4);

        // 3 s at 4 samples/s whatever the source's rate (25 fps, then 5 fps): about 12 samples; the last source frame
        // is at 2.8 s, so the fps filter's end-of-stream rounding may give one fewer or one more.
        Assert.InRange(frames.Count, 11, 13);
        Assert.Equal(TimeSpan.FromSeconds(2.5), frames[10].Time);
    }

    [Fact]
    public async Task Rotation_metadata_is_honoured()
    {
        var frame = (await ReadAll(videos.Rotated, fps: 1))[0];

        // Stored 640x360 with a 90° display matrix: shown upright as 360x640, the stored left (red) half at the bottom.
        Assert.Equal((360, 640), (frame.Image.Width, frame.Image.Height));
        Assert.Equal((0, 0, 255), Pixel(frame.Image, 180, 100), PixelComparer.Instance);
        Assert.Equal((255, 0, 0), Pixel(frame.Image, 180, 540), PixelComparer.Instance);
    }

    [Fact]
    public async Task Stopping_early_ends_decoding_at_once()
    {
        var read = 0;
        await foreach (var frame in Source(fps: 10).ReadFramesAsync(videos.LongClip, CancellationToken.None))
        {
            read++;
            break;
        }

        Assert.Equal(1, read);
        Assert.Empty(ChildProcesses.Named("ffmpeg", videos.LongClip));
    }

    [Fact]
    public async Task Cancellation_stops_decoding()
    {
        using var cts = new CancellationTokenSource();
        var read = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var frame in Source(fps: 10).ReadFramesAsync(videos.LongClip, cts.Token))
            {
                if (++read == 2)
                {
                    await cts.CancelAsync();
                }
            }
        });
        Assert.Equal(2, read);
        Assert.Empty(ChildProcesses.Named("ffmpeg", videos.LongClip));
    }

    [Theory]
    [InlineData("empty", "file is empty")]
    [InlineData("random", "not a readable video")]
    [InlineData("truncated", "not a readable video")]
    [InlineData("photo", "a still image (jpeg_pipe), not a video")]
    [InlineData("audio", "has no video stream (audio only)")]
    [InlineData("missing", "file not found")]
    [InlineData("folder", "is a folder")]
    public async Task Bad_inputs_fail_with_a_clear_reason(string which, string reason)
    {
        var path = which switch
        {
            "empty" => videos.Empty,
            "random" => videos.Random,
            "truncated" => videos.Truncated,
            "photo" => videos.Photo,
            "audio" => videos.AudioOnly,
            "missing" => videos.Missing,
            _ => videos.Folder,
        };
        var e = await Assert.ThrowsAsync<VideoDecodeException>(() => ReadAll(path));
        Assert.StartsWith(reason, e.Reason, StringComparison.Ordinal);
        Assert.Equal(path, e.Video);
        Assert.Empty(ChildProcesses.Named("ffmpeg", path));
    }

    [Fact]
    public async Task The_same_bad_file_gives_the_same_reason_every_time()
    {
        // libav names the context of a message by its address ("[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55ae…]"), new in every process.
        var first = await Assert.ThrowsAsync<VideoDecodeException>(() => ReadAll(videos.Truncated));
        var second = await Assert.ThrowsAsync<VideoDecodeException>(() => ReadAll(videos.Truncated));

        Assert.Equal(first.Reason, second.Reason);
        Assert.DoesNotContain("@ 0x", first.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_video_whose_index_survived_gives_the_frames_that_are_there()
    {
        var frames = await ReadAll(videos.TruncatedFaststart, fps: 2);

        // Half the bytes of a 3 s clip: some but not all of its 6 samples.
        Assert.InRange(frames.Count, 1, 5);
    }

    private static (int R, int G, int B) Pixel(RgbImage image, int x, int y)
    {
        var i = ((y * image.Width) + x) * 3;
        return (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]);
    }

    /// <summary>Equal within 16 levels per channel: H.264's 4:2:0 chroma and limited-range YUV do not round-trip flat colours exactly.</summary>
    private sealed class PixelComparer : IEqualityComparer<(int R, int G, int B)>
    {
        public static readonly PixelComparer Instance = new();

        public bool Equals((int R, int G, int B) x, (int R, int G, int B) y) =>
            Math.Abs(x.R - y.R) <= 16 && Math.Abs(x.G - y.G) <= 16 && Math.Abs(x.B - y.B) <= 16;

        public int GetHashCode((int R, int G, int B) obj) => 0;
    }
}

/// <summary>An ffmpeg process per video, frames through a pipe.</summary>
public sealed class FFmpegFrameSourceTests(FrameSourceVideos videos) : FrameSourceContract(videos), IClassFixture<FrameSourceVideos>
{
    protected override IVideoFrameSource Source(double fps = 2, int maxDimension = 1280) =>
        new FFmpegFrameSource(Options.Create(new VideoOptions { FramesPerSecond = fps, MaxDimension = maxDimension }), NullLogger<FFmpegFrameSource>.Instance);
}

/// <summary>Long-lived decoder worker processes (classroom-video-worker over the ffmpeg libraries).</summary>
public sealed class WorkerFrameSourceTests(FrameSourceVideos videos) : FrameSourceContract(videos), IClassFixture<FrameSourceVideos>, IDisposable
{
    private readonly List<WorkerFrameSource> _sources = [];

    protected override IVideoFrameSource Source(double fps = 2, int maxDimension = 1280)
    {
        var source = new WorkerFrameSource(Options.Create(new VideoOptions { FramesPerSecond = fps, MaxDimension = maxDimension }), NullLogger<WorkerFrameSource>.Instance);
        _sources.Add(source);
        return source;
    }

    public void Dispose()
    {
        foreach (var source in _sources)
        {
            source.Dispose();
        }
    }
}
