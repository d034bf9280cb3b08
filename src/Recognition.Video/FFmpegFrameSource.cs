using System.Globalization;
using System.Runtime.CompilerServices;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Processes;
using FFMpegCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Video;

/// <summary>
/// Frames from ffmpeg: decoded, rotated upright (ffmpeg's autorotate), sampled at <see cref="VideoOptions.FramesPerSecond"/>
/// (fps filter: variable frame rate becomes a steady sample clock), scaled so the longest side is at most
/// <see cref="VideoOptions.MaxDimension"/> (never up), converted to RGB24 and streamed through ffmpeg's stdout.
/// One ffmpeg process per video; ffprobe (via FFMpegCore) only explains failures.
/// </summary>
public sealed partial class FFmpegFrameSource : IVideoFrameSource
{
    /// <summary>How ffmpeg is started: its stdin closed (it reads none), and what to do when it is not there.</summary>
    private static readonly ChildProcessSettings Launch = new() { Hint = $"Install ffmpeg (e.g. apt-get install ffmpeg) or set {VideoOptions.SectionName}:FFmpegDirectory." };

    private readonly VideoOptions _options;
    private readonly ILogger<FFmpegFrameSource> _logger;
    private readonly FFOptions _ffOptions;
    private readonly string _ffmpeg;

    public FFmpegFrameSource(IOptions<VideoOptions> options, ILogger<FFmpegFrameSource> logger)
    {
        (_options, _ffOptions) = DecoderInputs.Settings(options);
        _logger = logger;
        _ffmpeg = GlobalFFOptions.GetFFMpegBinaryPath(_ffOptions);
    }

    public IAsyncEnumerable<VideoFrame> ReadFramesAsync(string path, CancellationToken cancellationToken) =>
        ReadFramesAsync(path, VideoSampling.Uniform, cancellationToken);

    /// <summary>Sparse sampling skips the dropped frames' scaling and conversion; ffmpeg still decodes every frame.</summary>
    public async IAsyncEnumerable<VideoFrame> ReadFramesAsync(string path, VideoSampling sampling, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var input = DecoderInputs.Resolve(path);
        var plan = SamplingPlan.For(_options, sampling);
        var decoder = ChildProcess.Start(_ffmpeg, BuildArguments(input, plan), Launch, cancellationToken);
        LogStarted(_logger, path);
        var output = new BufferedStream(decoder.Output, 1 << 16);
        var reader = new PpmStreamReader(output);
        var index = 0;
        try
        {
            while (await ReadNextAsync(reader, decoder, input, index, cancellationToken).ConfigureAwait(false) is { } image)
            {
                yield return new VideoFrame(index, plan.TimeOf(index), image);
                index++;
            }
        }
        finally
        {
            var stoppedEarly = !decoder.HasExited;
            await decoder.DisposeAsync().ConfigureAwait(false); // kills ffmpeg if it still runs, and waits for it
            await output.DisposeAsync().ConfigureAwait(false);
            LogFinished(_logger, path, index, stoppedEarly);
        }
    }

    /// <summary>The next frame, or null at the end; a decoding failure becomes a <see cref="VideoDecodeException"/> with the best reason known.</summary>
    private async Task<RgbImage?> ReadNextAsync(PpmStreamReader reader, ChildProcess decoder, VideoInput input, int index, CancellationToken cancellationToken)
    {
        RgbImage? image;
        try
        {
            image = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            cancellationToken.ThrowIfCancellationRequested(); // a killed decoder cuts its last frame short
            throw await DecoderInputs.ExplainAsync(input, "decoding failed (" + e.Message + ")", _ffOptions, cancellationToken).ConfigureAwait(false);
        }

        if (image is not null)
        {
            return image;
        }

        var exitCode = await decoder.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            // A container that is not allowed: ffmpeg refused it before reading it, and says which demuxer it detected.
            if (FFmpegErrors.RefusedDemuxer(decoder.ErrorLines) is { } demuxer)
            {
                throw VideoContainers.Refused(input.Video, demuxer);
            }

            throw await DecoderInputs.ExplainAsync(input, "decoding failed (" + FFmpegErrors.Summarise(decoder.ErrorLines, input.FullPath) + ")", _ffOptions, cancellationToken).ConfigureAwait(false);
        }

        return index == 0 ? throw await DecoderInputs.ExplainAsync(input, "no video frames could be decoded", _ffOptions, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>ffmpeg's command line; the input is opened as <see cref="DecoderInputs.InputArguments"/> says.</summary>
    internal List<string> BuildArguments(VideoInput input, SamplingPlan plan)
    {
        var filters = DecoderInputs.FilterChain(_options, plan);
        var args = new List<string> { "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info" };
        if (_options.DecoderThreads > 0)
        {
            args.AddRange(["-threads", _options.DecoderThreads.ToString(CultureInfo.InvariantCulture)]);
        }

        args.AddRange([.. DecoderInputs.InputArguments(input), "-map", "0:V:0", "-an", "-sn", "-dn", "-vf", filters]);
        if (plan.IsSparse)
        {
            args.AddRange(["-fps_mode", "passthrough"]); // the selected frames as they are: the output's constant rate would fill the gaps with copies
        }

        args.AddRange(["-c:v", "ppm", "-f", "image2pipe", "pipe:1"]);
        return args;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "ffmpeg decoding {Video}")]
    private static partial void LogStarted(ILogger logger, string video);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ffmpeg done with {Video}: {Frames} frames read, stopped early: {StoppedEarly}")]
    private static partial void LogFinished(ILogger logger, string video, int frames, bool stoppedEarly);
}
