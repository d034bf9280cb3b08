using FFMpegCore;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Video;

/// <summary>
/// What every frame source shares: its settings, checking the input before decoding and how it may be opened, the
/// filter chain, and explaining failures.
/// </summary>
internal static class DecoderInputs
{
    /// <summary>
    /// ffmpeg's <c>protocol_whitelist</c>: <c>file</c> only, for the file itself (a full path, so a name such as
    /// <c>concat:a|b</c> is a file, not a protocol): nothing named inside a video reaches another protocol (http, udp,
    /// pipe, data, subfile, …). Inputs are local files; the function downloads a blob to a temp file and decodes that.
    /// </summary>
    public const string Protocols = "file";

    /// <summary>A frame source's options (checked at start: ValidatedOptions) and FFMpegCore's options for the configured ffmpeg folder.</summary>
    public static (VideoOptions Options, FFOptions FFOptions) Settings(IOptions<VideoOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        return (value, FFOptions(value));
    }

    /// <summary>The input to open: the full path of an existing, non-empty file.</summary>
    public static VideoInput Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
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

        return file.Length == 0 ? throw new VideoDecodeException(path, "file is empty") : new VideoInput(path, full);
    }

    /// <summary>
    /// ffmpeg's and ffprobe's options for opening an input (they go before it): the protocols it may be read through
    /// (<see cref="Protocols"/>) and the containers it may be (<see cref="VideoContainers"/>). The native decoder gets
    /// the same two lists.
    /// </summary>
    public static string[] OpenOptions() => ["-protocol_whitelist", Protocols, "-format_whitelist", VideoContainers.Whitelist];

    /// <summary>ffmpeg's input arguments: <see cref="OpenOptions"/>, then the input.</summary>
    public static string[] InputArguments(VideoInput input) => [.. OpenOptions(), "-i", input.FullPath];

    /// <summary>
    /// The ffmpeg filter chain after decoding (and after rotating upright): sample at the configured rate, scale so the
    /// longest display side is at most the working size (never up), convert to RGB24.
    /// </summary>
    /// <remarks>A sparse <paramref name="plan"/> keeps only its frames, before scaling: the dropped ones cost nothing more.</remarks>
    public static string FilterChain(VideoOptions options, SamplingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var max = options.MaxDimension.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var fps = options.FramesPerSecond.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        // Scale factor so the longest display side (width corrected by the sample aspect ratio) is at most max, never above 1.
        var k = $"min(1\\,{max}/max(iw*sar\\,ih))";
        // round=up: sample k is the frame on screen at k/fps (the last one starting at or before it), so the first sample
        // is the first frame and leaves the filter as soon as the second is decoded (round=near would wait ~fps/4 s of video).
        return $"fps={fps}:round=up,{plan.SelectFilter}scale=w='max(1\\,trunc(iw*sar*{k}+0.5))':h='max(1\\,trunc(ih*{k}+0.5))':flags=area,format=rgb24";
    }

    /// <summary>The FFMpegCore options for the configured ffmpeg folder (empty: PATH); a folder that does not exist is an error.</summary>
    public static FFOptions FFOptions(VideoOptions options)
    {
        var folder = options.FFmpegDirectory;
        if (!string.IsNullOrWhiteSpace(folder) && !Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"ffmpeg folder '{folder}' ({VideoOptions.SectionName}:FFmpegDirectory) does not exist.");
        }

        return new FFOptions { BinaryFolder = folder ?? string.Empty };
    }

    /// <summary>
    /// Why decoding failed, in words a user understands: ffprobe (via FFMpegCore) is asked only now, when something went
    /// wrong, so a good video costs nothing extra. Its reason (unreadable data, audio only, …) wins over the decoder's.
    /// </summary>
    public static async Task<VideoDecodeException> ExplainAsync(VideoInput input, string decoderReason, FFOptions ffOptions, CancellationToken cancellationToken)
    {
        try
        {
            await VideoProbe.ProbeAsync(input, ffOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (VideoDecodeException probed)
        {
            return probed;
        }

        return new VideoDecodeException(input.Video, decoderReason);
    }

    /// <summary>
    /// Why the decoder worker could not open a video: a refused container by its demuxer's name (<paramref name="text"/>
    /// when <paramref name="code"/> is <see cref="VideoContainers.RefusedCode"/>), else as <see cref="ExplainAsync"/> finds.
    /// </summary>
    public static async Task<VideoDecodeException> ExplainOpenFailureAsync(VideoInput input, int code, string text, FFOptions ffOptions, CancellationToken cancellationToken) =>
        code == VideoContainers.RefusedCode
            ? VideoContainers.Refused(input.Video, text)
            : await ExplainAsync(input, "decoding failed (" + text + ")", ffOptions, cancellationToken).ConfigureAwait(false);
}

/// <summary>A video as the decoders open it.</summary>
/// <param name="Video">The path as given, for messages.</param>
/// <param name="FullPath">The full path of the file, which the decoder opens.</param>
internal sealed record VideoInput(string Video, string FullPath);
