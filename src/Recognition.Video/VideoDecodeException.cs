namespace Classroom.Recognition.Video;

/// <summary>A video that cannot be decoded (missing, empty, corrupt, not a video). Deterministic: retrying will not help.</summary>
public sealed class VideoDecodeException : Exception
{
    public VideoDecodeException()
    {
    }

    public VideoDecodeException(string message)
        : base(message)
    {
    }

    public VideoDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public VideoDecodeException(string video, string reason, Exception? innerException = null)
        : base($"{video}: {reason}", innerException)
    {
        Video = video;
        Reason = reason;
    }

    /// <summary>The video as given.</summary>
    public string? Video { get; }

    /// <summary>Why it cannot be decoded, without the video's name.</summary>
    public string? Reason { get; }
}
