namespace Classroom.Recognition.Video;

/// <summary>How long a video is, as ffprobe reads its container: for a progress display's "time left", never for a decision.</summary>
public static class VideoDuration
{
    /// <summary>
    /// The duration of <paramref name="path"/>, or null when it cannot be told (no ffprobe, a container without one, a
    /// file the decoders would refuse): progress then goes without it, and the video's own result says what is wrong.
    /// </summary>
    public static async Task<TimeSpan?> ProbeAsync(string path, VideoOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            var info = await VideoProbe.ProbeAsync(DecoderInputs.Resolve(path), DecoderInputs.FFOptions(options), cancellationToken).ConfigureAwait(false);
            return info.Duration > TimeSpan.Zero ? info.Duration : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null; // only the display loses the figure
        }
    }
}
