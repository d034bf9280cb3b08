using Classroom.Recognition.Video;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Tests.Video;

/// <summary>
/// Every common codec decodes in every decoder. The worker is linked against a minimal FFmpeg of its own wherever
/// ./test.sh runs (<see cref="StaticWorkerTests"/>), which must enable every decoder, demuxer and parser these need and
/// decode them as Debian's libraries do: its frames equal, byte for byte, those of the ffmpeg command line (Debian's ffmpeg).
/// </summary>
/// <remarks>
/// Known difference, not of the static build (the dynamically linked worker has it too): when a clip's video starts
/// after its container does (<see cref="CodecClips.VideoStartsLate"/>), the command line samples other frames than the
/// worker, so for those clips only the number of frames is checked.
/// </remarks>
public sealed class CodecCoverageTests(CodecClips clips) : IClassFixture<CodecClips>, IDisposable
{
    private readonly IOptions<VideoOptions> _options = Options.Create(new VideoOptions { FramesPerSecond = 2 });
    private readonly WorkerFrameSource _workers = new(Options.Create(new VideoOptions { FramesPerSecond = 2 }), NullLogger<WorkerFrameSource>.Instance);

    public static TheoryData<string> Clips => [.. CodecClips.Encoders.Keys];

    [Theory]
    [MemberData(nameof(Clips))]
    public async Task Each_codec_decodes_to_the_same_frames_in_every_decoder(string clip)
    {
        var path = clips.PathOf(clip);

        var viaProcess = await FrameSourceContract.ReadAll(new FFmpegFrameSource(_options, NullLogger<FFmpegFrameSource>.Instance), path);
        var viaWorker = await FrameSourceContract.ReadAll(_workers, path);

        Assert.InRange(viaProcess.Count, 4, 5); // 2 s at 2 fps, with the fps filter's possible extra end frame
        Assert.InRange(viaWorker.Count, 4, 5);
        if (!clips.VideoStartsLate(clip))
        {
            DecoderParityTests.AssertSameFrames(clip + " (worker vs ffmpeg)", viaProcess, viaWorker);
        }
    }

    public void Dispose() => _workers.Dispose();
}
