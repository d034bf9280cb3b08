using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Classroom.Recognition.Imaging;
using FFMpegCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Video;

/// <summary>
/// Frames decoded inside this process by the ffmpeg libraries (libavformat, libavcodec, libavfilter), through
/// native/classroom_video.c: the same demuxing, autorotation and filter chain as <see cref="FFmpegFrameSource"/>'s ffmpeg
/// command line, without starting a process per video. A process costs ~0.2–0.4 s per clip here, mostly page faults
/// of memory a long-lived decoder reuses; in-process, the first frame of a 1080p clip takes ~40–55 ms (docs/pipeline.md).
/// Failures are explained by ffprobe, as in <see cref="FFmpegFrameSource"/>.
/// </summary>
public sealed partial class LibavFrameSource : IVideoFrameSource
{
    private readonly VideoOptions _options;
    private readonly ILogger<LibavFrameSource> _logger;
    private readonly FFOptions _ffOptions;

    public LibavFrameSource(IOptions<VideoOptions> options, ILogger<LibavFrameSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _options.Validate();
        _logger = logger;
        if (UnavailableReason is { } reason)
        {
            throw new InvalidOperationException($"In-process video decoding is not available: {reason}. Set {VideoOptions.SectionName}:Decoder to FFmpeg (or Auto).");
        }

        _ffOptions = VideoInputs.FFOptions(_options);
    }

    /// <summary>Null when in-process decoding works on this machine; else why not.</summary>
    public static string? UnavailableReason => LibavNative.UnavailableReason;

    public IAsyncEnumerable<VideoFrame> ReadFramesAsync(string path, CancellationToken cancellationToken) =>
        ReadFramesAsync(path, VideoSampling.Uniform, cancellationToken);

    public async IAsyncEnumerable<VideoFrame> ReadFramesAsync(string path, VideoSampling sampling, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var input = VideoInputs.Resolve(path);
        cancellationToken.ThrowIfCancellationRequested();
        var plan = SamplingPlan.For(_options, sampling);
        using var decoder = LibavNative.Open(input, VideoInputs.FilterChain(_options, plan), _options.DecoderThreads, plan, out var code, out var openError)
            ?? throw await VideoInputs.ExplainOpenFailureAsync(input, path, code, openError ?? string.Empty, _ffOptions, cancellationToken).ConfigureAwait(false);
        using var interrupt = cancellationToken.Register(static d => LibavNative.Interrupt((LibavDecoderHandle)d!), decoder);
        var format = LibavNative.FormatName(decoder);

        LogOpened(_logger, path, format);
        var index = 0;
        while (true)
        {
            var result = LibavNative.Next(decoder, out var data, out var lineSize, out var width, out var height);
            if (result < 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw await VideoInputs.ExplainAsync(input, path, "decoding failed (" + LibavNative.Error(decoder) + ")", _ffOptions, cancellationToken).ConfigureAwait(false);
            }

            if (result == 0)
            {
                break;
            }

            yield return new VideoFrame(index, plan.TimeOf(index), Copy(data, lineSize, width, height));
            index++;
        }

        LogFinished(_logger, path, index);
        if (index == 0)
        {
            throw await VideoInputs.ExplainAsync(input, path, "no video frames could be decoded", _ffOptions, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The native frame (rows <paramref name="lineSize"/> bytes apart) as a packed RGB image the caller owns.</summary>
    private static RgbImage Copy(nint data, int lineSize, int width, int height)
    {
        var row = width * 3;
        var pixels = GC.AllocateUninitializedArray<byte>(row * height);
        for (var y = 0; y < height; y++)
        {
            Marshal.Copy(data + (y * (nint)lineSize), pixels, y * row, row);
        }

        return new RgbImage(width, height, pixels);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "decoding {Video} in-process ({Format})")]
    private static partial void LogOpened(ILogger logger, string video, string format);

    [LoggerMessage(Level = LogLevel.Debug, Message = "done with {Video}: {Frames} frames read")]
    private static partial void LogFinished(ILogger logger, string video, int frames);
}
