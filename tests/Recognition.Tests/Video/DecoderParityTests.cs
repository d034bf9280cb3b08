using Classroom.Recognition.Video;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Tests.Video;

/// <summary>
/// The decoder worker must give the very frames the ffmpeg command line gives (same libraries, same autorotation,
/// same filter chain), so a result never depends on which decoder a host picked.
/// </summary>
public sealed class DecoderParityTests(FrameSourceVideos videos) : IClassFixture<FrameSourceVideos>
{
    [Theory]
    [InlineData("bars1080", 2.0)]
    [InlineData("webm", 2.0)]
    [InlineData("hevc", 2.0)]
    [InlineData("mov", 2.0)]
    [InlineData("vfr", 4.0)]
    [InlineData("rotated", 1.0)]
    [InlineData("truncated-faststart", 2.0)]
    public async Task Worker_frames_equal_the_ffmpeg_process_frames(string which, double fps)
    {
        var path = which switch
        {
            "bars1080" => videos.Bars1080,
            "webm" => videos.Webm,
            "hevc" => videos.Hevc,
            "mov" => videos.Mov,
            "vfr" => videos.Vfr,
            "rotated" => videos.Rotated,
            _ => videos.TruncatedFaststart,
        };
        var options = Options.Create(new VideoOptions { FramesPerSecond = fps });
        var viaProcess = await FrameSourceContract.ReadAll(new FFmpegFrameSource(options, NullLogger<FFmpegFrameSource>.Instance), path);
        using var workers = new WorkerFrameSource(options, NullLogger<WorkerFrameSource>.Instance);
        Assert.NotEmpty(viaProcess);
        AssertSameFrames(which, viaProcess, await FrameSourceContract.ReadAll(workers, path));
    }

    internal static void AssertSameFrames(string which, List<VideoFrame> expected, List<VideoFrame> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal((expected[i].Image.Width, expected[i].Image.Height), (actual[i].Image.Width, actual[i].Image.Height));
            Assert.Equal(expected[i].Time, actual[i].Time);

            // Exactly equal: the same decoder and swscale code run on the same data, so any difference is a bug of ours.
            Assert.True(expected[i].Image.Pixels.AsSpan().SequenceEqual(actual[i].Image.Pixels), $"{which}: frame {i} differs");
        }
    }
}
