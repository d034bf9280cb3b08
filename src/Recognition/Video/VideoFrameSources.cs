using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Video;

/// <summary>Chooses the frame source named by <see cref="VideoOptions.Decoder"/>, and says which one it chose.</summary>
public static partial class VideoFrameSources
{
    public static IVideoFrameSource Create(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<VideoOptions>>();
        var loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger(typeof(VideoFrameSources));
        var decoder = options.Value.Decoder;
        if (decoder == VideoDecoder.Auto)
        {
            var reason = WorkerFrameSource.UnavailableReason;
            decoder = reason is null ? VideoDecoder.Worker : VideoDecoder.FFmpeg;
            if (reason is not null)
            {
                LogFallback(logger, reason);
            }
        }

        LogChosen(logger, decoder);
        return decoder switch
        {
            VideoDecoder.Worker => new WorkerFrameSource(options, loggers.CreateLogger<WorkerFrameSource>()),
            VideoDecoder.InProcess => new LibavFrameSource(options, loggers.CreateLogger<LibavFrameSource>()),
            _ => new FFmpegFrameSource(options, loggers.CreateLogger<FFmpegFrameSource>()),
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Video decoder: {Decoder}")]
    private static partial void LogChosen(ILogger logger, VideoDecoder decoder);

    [LoggerMessage(Level = LogLevel.Information, Message = "The video decoder worker is not available ({Reason}); running ffmpeg per video")]
    private static partial void LogFallback(ILogger logger, string reason);
}
