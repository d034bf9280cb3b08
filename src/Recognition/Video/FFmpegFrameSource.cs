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
        var folder = _options.FFmpegDirectory;
        if (!string.IsNullOrWhiteSpace(folder) && !Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"ffmpeg folder '{folder}' ({VideoOptions.SectionName}:FFmpegDirectory) does not exist.");
        }

        _ffOptions = new FFOptions { BinaryFolder = folder ?? string.Empty };
        _ffmpeg = GlobalFFOptions.GetFFMpegBinaryPath(_ffOptions);
    }

    public async IAsyncEnumerable<VideoFrame> ReadFramesAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var input = ResolveInput(path);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var decoder = FFmpegProcess.Start(_ffmpeg, BuildArguments(input), stop.Token);
        LogStarted(_logger, path);
        var reader = new PpmStreamReader(decoder.Output);
        var index = 0;
        try
        {
            while (await ReadNextAsync(reader, decoder, input, path, index, stop.Token).ConfigureAwait(false) is { } image)
            {
                yield return new VideoFrame(index, TimeSpan.FromSeconds(index / _options.FramesPerSecond), image);
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
    private async Task<RgbImage?> ReadNextAsync(PpmStreamReader reader, FFmpegProcess decoder, string input, string path, int index, CancellationToken cancellationToken)
    {
        RgbImage? image;
        try
        {
            image = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            cancellationToken.ThrowIfCancellationRequested(); // a killed decoder cuts its last frame short
            throw await ExplainAsync(input, path, "decoding failed (" + e.Message + ")", cancellationToken).ConfigureAwait(false);
        }

        if (image is not null)
        {
            // A still image decodes too, but is no video: ffmpeg has named the input's demuxer before writing any frame.
            if (index == 0 && await decoder.InputFormat.ConfigureAwait(false) is { } format && VideoProbe.IsStillImageFormat(format))
            {
                throw new VideoDecodeException(path, $"a still image ({format}), not a video");
            }

            return image;
        }

        var exitCode = await decoder.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw await ExplainAsync(input, path, "decoding failed (" + FFmpegErrors.Summarise(decoder.ErrorLines, input) + ")", cancellationToken).ConfigureAwait(false);
        }

        return index == 0 ? throw await ExplainAsync(input, path, "no video frames could be decoded", cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>
    /// Why ffmpeg failed, in words a user understands: ffprobe (via FFMpegCore) is asked only now, when something went
    /// wrong, so a good video costs one process. Its reason (unreadable data, audio only, …) wins over ffmpeg's.
    /// </summary>
    private async Task<VideoDecodeException> ExplainAsync(string input, string path, string ffmpegReason, CancellationToken cancellationToken)
    {
        try
        {
            await VideoProbe.ProbeAsync(input, path, _ffOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (VideoDecodeException probed)
        {
            return probed;
        }

        return new VideoDecodeException(path, ffmpegReason);
    }

    private static string ResolveInput(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Uri.TryCreate(path, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return path;
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new VideoDecodeException(path, "is a folder, not a video file");
        }

        var file = new FileInfo(full);
        if (!file.Exists)
        {
            throw new VideoDecodeException(path, "file not found");
        }

        return file.Length == 0 ? throw new VideoDecodeException(path, "file is empty") : full;
    }

    /// <summary>ffmpeg's command line. A full path (starting with '/') is never mistaken for a protocol such as <c>concat:</c>.</summary>
    internal List<string> BuildArguments(string input)
    {
        var max = _options.MaxDimension.ToString(CultureInfo.InvariantCulture);
        var fps = _options.FramesPerSecond.ToString("R", CultureInfo.InvariantCulture);

        // Scale factor so the longest display side (width corrected by the sample aspect ratio) is at most max, never above 1.
        var k = $"min(1\\,{max}/max(iw*sar\\,ih))";
        // round=up: sample k is the frame on screen at k/fps (the last one starting at or before it), so the first sample
        // is the first frame and leaves the filter as soon as the second is decoded (round=near would wait ~fps/4 s of video).
        var filters = $"fps={fps}:round=up,scale=w='max(1\\,trunc(iw*sar*{k}+0.5))':h='max(1\\,trunc(ih*{k}+0.5))':flags=area,format=rgb24";
        var args = new List<string> { "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info" };
        if (_options.DecoderThreads > 0)
        {
            args.AddRange(["-threads", _options.DecoderThreads.ToString(CultureInfo.InvariantCulture)]);
        }

        args.AddRange(["-i", input, "-map", "0:V:0", "-an", "-sn", "-dn", "-vf", filters, "-c:v", "ppm", "-f", "image2pipe", "pipe:1"]);
        return args;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "ffmpeg decoding {Video}")]
    private static partial void LogStarted(ILogger logger, string video);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ffmpeg done with {Video}: {Frames} frames read, stopped early: {StoppedEarly}")]
    private static partial void LogFinished(ILogger logger, string video, int frames, bool stoppedEarly);
}
