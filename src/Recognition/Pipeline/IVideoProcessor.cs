namespace Classroom.Recognition.Pipeline;

/// <summary>
/// Video in, result out: frames → faces → nearest known face → student record. The CLI and the Azure
/// function both call this one pipeline. A video that cannot be decoded is a result with status Error
/// (deterministic); a failure of the stores (e.g. a database outage) is thrown so a host can retry.
/// </summary>
public interface IVideoProcessor
{
    Task<VideoResult> ProcessAsync(string videoPath, RecognitionMode mode, CancellationToken cancellationToken);

    /// <summary>As above, reporting the time of each sampled frame read to <paramref name="progress"/> (for long videos: how far it is).</summary>
    Task<VideoResult> ProcessAsync(string videoPath, RecognitionMode mode, IProgress<TimeSpan>? progress, CancellationToken cancellationToken) =>
        ProcessAsync(videoPath, mode, cancellationToken);
}
