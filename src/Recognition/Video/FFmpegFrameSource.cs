using System.Globalization;
using System.Runtime.CompilerServices;
using Classroom.Recognition.Imaging;
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
    private readonly VideoOptions _options;
    private readonly ILogger<FFmpegFrameSource> _logger;
    private readonly FFOptions _ffOptions;
    private readonly string _ffmpeg;

    public FFmpegFrameSource(IOptions<VideoOptions> options, ILogger<FFmpegFrameSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _options.Validate();
        _logger = logger;
        _ffOptions = VideoInputs.FFOptions(_options);
        _ffmpeg = GlobalFFOptions.GetFFMpegBinaryPath(_ffOptions);
    }

    public IAsyncEnumerable<VideoFrame> ReadFramesAsync(string path, CancellationToken cancellationToken) =>
        ReadFramesAsync(path, VideoSampling.Uniform, cancellationToken);

    /// <summary>Sparse sampling skips the dropped frames' scaling and conversion; ffmpeg still decodes every frame.</summary>
    public async IAsyncEnumerable<VideoFrame> ReadFramesAsync(string path, VideoSampling sampling, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var input = VideoInputs.Resolve(path);
        var plan = SamplingPlan.For(_options, sampling);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var decoder = FFmpegProcess.Start(_ffmpeg, BuildArguments(input, plan), stop.Token);
        LogStarted(_logger, path);
        var reader = new PpmStreamReader(decoder.Output);
        var index = 0;
        try
        {
            while (await ReadNextAsync(reader, decoder, input, path, index, stop.Token).ConfigureAwait(false) is { } image)
            {
                yield return new VideoFrame(index, plan.TimeOf(index), image);
                index++;
            }
        }
        finally
        {
            var stoppedEarly = !decoder.HasExited;
            await stop.CancelAsync().ConfigureAwait(false);
            await decoder.DisposeAsync().ConfigureAwait(false);
            LogFinished(_logger, path, index, stoppedEarly);
        }
    }

    /// <summary>The next frame, or null at the end; a decoding failure becomes a <see cref="VideoDecodeException"/> with the best reason known.</summary>
    private async Task<RgbImage?> ReadNextAsync(PpmStreamReader reader, FFmpegProcess decoder, VideoInput input, string path, int index, CancellationToken cancellationToken)
    {
        RgbImage? image;
        try
        {
            image = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            cancellationToken.ThrowIfCancellationRequested(); // a killed decoder cuts its last frame short
            throw await VideoInputs.ExplainAsync(input, path, "decoding failed (" + e.Message + ")", _ffOptions, cancellationToken).ConfigureAwait(false);
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
                throw VideoContainers.Refused(path, demuxer);
            }

            throw await VideoInputs.ExplainAsync(input, path, "decoding failed (" + FFmpegErrors.Summarise(decoder.ErrorLines, input.Url) + ")", _ffOptions, cancellationToken).ConfigureAwait(false);
        }

        return index == 0 ? throw await VideoInputs.ExplainAsync(input, path, "no video frames could be decoded", _ffOptions, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>ffmpeg's command line; the input is opened as <see cref="VideoInputs.InputArguments"/> says.</summary>
    internal List<string> BuildArguments(VideoInput input, SamplingPlan plan)
    {
        var filters = VideoInputs.FilterChain(_options, plan);
        var args = new List<string> { "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info" };
        if (_options.DecoderThreads > 0)
        {
            args.AddRange(["-threads", _options.DecoderThreads.ToString(CultureInfo.InvariantCulture)]);
        }

        args.AddRange([.. VideoInputs.InputArguments(input), "-map", "0:V:0", "-an", "-sn", "-dn", "-vf", filters]);
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
