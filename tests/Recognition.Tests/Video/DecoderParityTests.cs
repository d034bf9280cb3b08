using Classroom.Recognition.Video;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Tests.Video;

/// <summary>
/// The in-process decoder must give the very frames the ffmpeg command line gives (same libraries, same autorotation,
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
    public async Task In_process_frames_equal_the_ffmpeg_process_frames(string which, double fps)
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
        var inProcess = await FrameSourceContract.ReadAll(new LibavFrameSource(options, NullLogger<LibavFrameSource>.Instance), path);

        Assert.NotEmpty(viaProcess);
        Assert.Equal(viaProcess.Count, inProcess.Count);
        for (var i = 0; i < viaProcess.Count; i++)
        {
            Assert.Equal((viaProcess[i].Image.Width, viaProcess[i].Image.Height), (inProcess[i].Image.Width, inProcess[i].Image.Height));
            Assert.Equal(viaProcess[i].Time, inProcess[i].Time);

            // Exactly equal: the same decoder and swscale code run on the same data, so any difference is a bug of ours.
            Assert.True(viaProcess[i].Image.Pixels.AsSpan().SequenceEqual(inProcess[i].Image.Pixels), $"{which}: frame {i} differs");
        }
    }
}
