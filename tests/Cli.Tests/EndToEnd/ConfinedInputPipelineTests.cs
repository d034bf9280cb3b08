using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Tests.Support;
using Classroom.Recognition.Video;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Classroom.Cli.Tests.EndToEnd;

/// <summary>
/// The report's reproduction: a 90-byte HLS playlist named x.mp4 whose entry is file:///…/enrolled.mp4 came back
/// "recognized ada" from every decoder. It is now that video's error, with the reason, and the video it names is
/// still recognized when given itself.
/// </summary>
[Collection(PipelineTestGroup.Name)]
public sealed class ConfinedInputPipelineTests(PipelineVideos videos) : IDisposable
{
    private readonly MediaFolder _media = new();

    [Theory]
    [InlineData(VideoDecoder.FFmpeg)]
    [InlineData(VideoDecoder.Worker)]
    public async Task A_playlist_naming_an_enrolled_video_is_an_error_not_a_recognition(VideoDecoder decoder)
    {
        // Fast start (the index first), so that a playlist could read the video from its first byte.
        var target = MediaFolder.Ffmpeg("-i", videos.PathOf("enrolled.mp4"), "-c", "copy", "-movflags", "+faststart", _media.PathOf("target.mp4"));
        var playlist = _media.PathOf("x.mp4");
        await File.WriteAllTextAsync(playlist, $"#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nfile://{target}\n#EXT-X-ENDLIST\n");
        var frames = Frames(decoder);
        VideoResult direct, viaPlaylist;
        try
        {
            direct = await videos.Processor(frames: frames).ProcessAsync(target, RecognitionMode.First, CancellationToken.None);
            viaPlaylist = await videos.Processor(frames: frames).ProcessAsync(playlist, RecognitionMode.First, CancellationToken.None);
        }
        finally
        {
            (frames as IDisposable)?.Dispose();
        }

        Assert.Equal((VideoStatus.Recognized, "ada"), (direct.Status, Assert.Single(direct.Students).Name));
        Assert.Equal((VideoStatus.Error, "not a supported video container (hls playlist)"), (viaPlaylist.Status, viaPlaylist.Error));
        Assert.Empty(viaPlaylist.Students);
    }

    public void Dispose() => _media.Dispose();

    private static IVideoFrameSource Frames(VideoDecoder decoder)
    {
        var options = Options.Create(new VideoOptions());
        return decoder switch
        {
            VideoDecoder.Worker => new WorkerFrameSource(options, NullLogger<WorkerFrameSource>.Instance),
            _ => new FFmpegFrameSource(options, NullLogger<FFmpegFrameSource>.Instance),
        };
    }
}
