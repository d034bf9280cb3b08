using FFMpegCore;
using FFMpegCore.Exceptions;

namespace Classroom.Recognition.Video;

/// <summary>What ffprobe says about a video (display size is after rotation).</summary>
public sealed record VideoInfo(string Format, string Codec, int Width, int Height, int Rotation, TimeSpan Duration, double FrameRate, bool HasAudio);

/// <summary>
/// Runs ffprobe (through FFMpegCore) to tell a video from everything that is not one, with a reason a user
/// understands: no video stream (audio only), not a video container (a still image renamed .mp4, a playlist),
/// unreadable data. ffprobe opens the input as the decoders do (<see cref="DecoderInputs.OpenOptions"/>).
/// </summary>
internal static class VideoProbe
{
    public static async Task<VideoInfo> ProbeAsync(VideoInput input, FFOptions ffOptions, CancellationToken cancellationToken)
    {
        IMediaAnalysis analysis;
        var options = string.Join(' ', DecoderInputs.OpenOptions()); // no spaces or quotes in them: one command-line string is safe
        try
        {
            analysis = await FFProbe.AnalyseAsync(input.FullPath, ffOptions, customArguments: options, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (FFProbeProcessException e)
        {
            throw Unreadable(input, e.ProcessErrors, e);
        }
        catch (FFMpegException e) when (!string.IsNullOrWhiteSpace(e.FFMpegErrorOutput))
        {
            throw Unreadable(input, [e.FFMpegErrorOutput], e);
        }
        catch (Exception e) when (e is FFMpegException or FFProbeException or FormatNullException or System.Text.Json.JsonException)
        {
            throw Unreadable(input, [e.Message], e);
        }

        var format = analysis.Format?.FormatName ?? "unknown";
        var stream = analysis.VideoStreams.FirstOrDefault(s => !IsAttachedPicture(s));
        if (stream is null)
        {
            throw new VideoDecodeException(input.Video, analysis.AudioStreams.Count > 0
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

    /// <summary>ffprobe failed: a container it was not allowed to open, or data it cannot read.</summary>
    private static VideoDecodeException Unreadable(VideoInput input, IEnumerable<string> errors, Exception e) =>
        FFmpegErrors.RefusedDemuxer(errors) is { } demuxer
            ? VideoContainers.Refused(input.Video, demuxer)
            : new VideoDecodeException(input.Video, "not a readable video (" + FFmpegErrors.Summarise(errors, input.FullPath) + ")", e);

    private static bool IsAttachedPicture(VideoStream stream) =>
        stream.Disposition is not null && stream.Disposition.TryGetValue("attached_pic", out var attached) && attached;
}
