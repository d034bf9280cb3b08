using FFMpegCore;

namespace Classroom.Recognition.Video;

/// <summary>What both frame sources share: checking the input before decoding, the filter chain, and explaining failures.</summary>
internal static class VideoInputs
{
    /// <summary>The input to open: an http(s) URL as is, else a full path to an existing, non-empty file.</summary>
    public static string Resolve(string path)
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

    /// <summary>
    /// The ffmpeg filter chain after decoding (and after rotating upright): sample at the configured rate, scale so the
    /// longest display side is at most the working size (never up), convert to RGB24.
    /// </summary>
    public static string FilterChain(VideoOptions options)
    {
        var max = options.MaxDimension.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var fps = options.FramesPerSecond.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        // Scale factor so the longest display side (width corrected by the sample aspect ratio) is at most max, never above 1.
        var k = $"min(1\\,{max}/max(iw*sar\\,ih))";
        // round=up: sample k is the frame on screen at k/fps (the last one starting at or before it), so the first sample
        // is the first frame and leaves the filter as soon as the second is decoded (round=near would wait ~fps/4 s of video).
        return $"fps={fps}:round=up,scale=w='max(1\\,trunc(iw*sar*{k}+0.5))':h='max(1\\,trunc(ih*{k}+0.5))':flags=area,format=rgb24";
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
    public static async Task<VideoDecodeException> ExplainAsync(string input, string path, string decoderReason, FFOptions ffOptions, CancellationToken cancellationToken)
    {
        try
        {
            await VideoProbe.ProbeAsync(input, path, ffOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (VideoDecodeException probed)
        {
            return probed;
        }

        return new VideoDecodeException(path, decoderReason);
    }
}
