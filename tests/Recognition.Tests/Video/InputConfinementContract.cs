using Classroom.Recognition.Tests.Support;
using Classroom.Recognition.Video;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Tests.Video;

/// <summary>
/// A video is read as itself only: a file that names other files or URLs (a playlist, a manifest, a concat script)
/// is refused with a reason, never followed, by every decoder; plain videos still decode.
/// </summary>
public abstract class InputConfinementContract(ReferencingFiles files)
{
    protected abstract IVideoFrameSource Source();

    [Theory]
    [InlineData("hls", "not a supported video container (hls playlist)")]
    [InlineData("dash", "not a supported video container (dash manifest)")]
    [InlineData("concat-absolute", "not a supported video container (concat script)")]
    [InlineData("concat-relative", "not a supported video container (concat script)")]
    public async Task A_file_that_names_other_files_is_refused_not_followed(string which, string reason)
    {
        var path = files.PathOf(which);

        var e = await Assert.ThrowsAsync<VideoDecodeException>(() => FrameSourceContract.ReadAll(Source(), path));

        Assert.Equal((path, reason), (e.Video, e.Reason));
        Assert.Empty(ChildProcesses.Named("ffmpeg", path));
    }

    [Fact]
    public async Task A_file_in_another_container_is_refused_by_its_demuxer_s_name()
    {
        var e = await Assert.ThrowsAsync<VideoDecodeException>(() => FrameSourceContract.ReadAll(Source(), files.Mp3));

        Assert.Equal("not a supported video container (mp3)", e.Reason);
    }

    [Theory]
    [InlineData("mp4")]
    [InlineData("webm")]
    [InlineData("avi")]
    [InlineData("wmv")]
    [InlineData("flv")]
    [InlineData("mpg")]
    [InlineData("ts")]
    [InlineData("ogv")]
    public async Task Videos_in_every_allowed_container_decode(string which)
    {
        var frames = await FrameSourceContract.ReadAll(Source(), files.PathOf(which));

        Assert.InRange(frames.Count, 4, 5); // 2 s at 2 fps, with the fps filter's possible extra end frame
    }

    /// <summary>Inputs are local files: a URL is read as a file name, and there is no such file.</summary>
    [Fact]
    public async Task A_url_is_a_file_name_that_is_not_there()
    {
        const string url = "http://127.0.0.1:9/target.mp4";

        var e = await Assert.ThrowsAsync<VideoDecodeException>(() => FrameSourceContract.ReadAll(Source(), url));

        Assert.Equal((url, "file not found"), (e.Video, e.Reason));
    }
}

/// <summary>The ffmpeg command line (ffmpeg, and ffprobe when explaining a failure).</summary>
public sealed class FFmpegInputConfinementTests(ReferencingFiles files) : InputConfinementContract(files), IClassFixture<ReferencingFiles>
{
    protected override IVideoFrameSource Source() =>
        new FFmpegFrameSource(Options.Create(new VideoOptions()), NullLogger<FFmpegFrameSource>.Instance);
}

/// <summary>The decoder worker process (classroom-video-worker).</summary>
public sealed class WorkerInputConfinementTests(ReferencingFiles files) : InputConfinementContract(files), IClassFixture<ReferencingFiles>, IDisposable
{
    private readonly WorkerFrameSource _source = new(Options.Create(new VideoOptions()), NullLogger<WorkerFrameSource>.Instance);

    protected override IVideoFrameSource Source() => _source;

    public void Dispose() => _source.Dispose();
}
