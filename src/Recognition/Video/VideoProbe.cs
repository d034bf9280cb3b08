using FFMpegCore;
using FFMpegCore.Exceptions;

namespace Classroom.Recognition.Video;

/// <summary>What ffprobe says about a video (display size is after rotation).</summary>
public sealed record VideoInfo(string Format, string Codec, int Width, int Height, int Rotation, TimeSpan Duration, double FrameRate, bool HasAudio);

/// <summary>
/// Runs ffprobe (through FFMpegCore) to tell a video from everything that is not one, with a reason a user
/// understands: no video stream (audio only), a still image renamed .mp4, unreadable data.
/// </summary>
internal static class VideoProbe
{
    public static async Task<VideoInfo> ProbeAsync(string input, string video, FFOptions ffOptions, CancellationToken cancellationToken)
    {
        IMediaAnalysis analysis;
        try
        {
            analysis = Uri.TryCreate(input, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? await FFProbe.AnalyseAsync(uri, ffOptions, cancellationToken).ConfigureAwait(false)
                : await FFProbe.AnalyseAsync(input, ffOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (FFProbeProcessException e)
        {
            throw new VideoDecodeException(video, "not a readable video (" + FFmpegErrors.Summarise(e.ProcessErrors, input) + ")", e);
        }
        catch (Exception e) when (e is FFMpegException or FFProbeException or FormatNullException or System.Text.Json.JsonException)
        {
            throw new VideoDecodeException(video, "not a readable video (" + FFmpegErrors.Summarise([e.Message], input) + ")", e);
        }

        var format = analysis.Format?.FormatName ?? "unknown";
        if (IsStillImageFormat(format))
        {
            var kind = analysis.PrimaryVideoStream?.CodecName ?? format;
            throw new VideoDecodeException(video, $"a still image ({kind}), not a video");
        }

        var stream = analysis.VideoStreams.FirstOrDefault(s => !IsAttachedPicture(s));
        if (stream is null)
        {
            throw new VideoDecodeException(video, analysis.AudioStreams.Count > 0
                ? "has no video stream (audio only)"
                : $"has no video stream (format {format})");
        }

        var quarterTurn = Math.Abs(stream.Rotation) % 180 == 90;
        var duration = analysis.Duration > TimeSpan.Zero ? analysis.Duration : stream.Duration;
        return new VideoInfo(
            format,
            stream.CodecName,
            quarterTurn ? stream.Height : stream.Width,
            quarterTurn ? stream.Width : stream.Height,
            stream.Rotation,
            duration,
            stream.AvgFrameRate > 0 ? stream.AvgFrameRate : stream.FrameRate,
            analysis.AudioStreams.Count > 0);
    }

    /// <summary>A decoder opened <paramref name="format"/> (ffmpeg's demuxer name): a single picture is no video.</summary>
    internal static void ThrowIfStillImage(string video, string format)
    {
        if (IsStillImageFormat(format))
        {
            throw new VideoDecodeException(video, $"a still image ({format}), not a video");
        }
    }

    /// <summary>ffmpeg's demuxers for single pictures (image2, jpeg_pipe, png_pipe, …) and text rendered as video (tty).</summary>
    internal static bool IsStillImageFormat(string format) =>
        format.Split(',').Any(f => f is "image2" or "tty" || f.EndsWith("_pipe", StringComparison.Ordinal));

    private static bool IsAttachedPicture(VideoStream stream) =>
        stream.Disposition is not null && stream.Disposition.TryGetValue("attached_pic", out var attached) && attached;
}
