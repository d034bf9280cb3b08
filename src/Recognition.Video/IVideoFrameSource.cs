namespace Classroom.Recognition.Video;

/// <summary>
/// Decodes a video into sampled RGB frames. Frames are produced lazily: stop enumerating and decoding stops
/// (the decoder process is ended). An input that cannot be decoded throws <see cref="VideoDecodeException"/>.
/// </summary>
public interface IVideoFrameSource
{
    /// <param name="path">A local video file.</param>
    /// <param name="cancellationToken">Stops decoding.</param>
    IAsyncEnumerable<VideoFrame> ReadFramesAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// Frames sampled as <paramref name="sampling"/> says (frame times from <see cref="VideoFrame.Time"/>: not evenly spaced
    /// when sparse). A source that samples only uniformly returns the uniform frames: more work, the same answers.
    /// </summary>
    IAsyncEnumerable<VideoFrame> ReadFramesAsync(string path, VideoSampling sampling, CancellationToken cancellationToken) =>
        ReadFramesAsync(path, cancellationToken);
}
