using Classroom.Recognition.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Video;

/// <summary>Chooses the frame source named by <see cref="VideoOptions.Decoder"/>, and says which one it chose; registers it.</summary>
public static partial class VideoFrameSources
{
    /// <summary>Registers the decoders: options ("Classroom:Video", checked at start) and the frame source <see cref="Create"/> picks, a singleton.</summary>
    public static IServiceCollection AddClassroomVideo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<VideoOptions>(configuration, VideoOptions.SectionName);
        services.TryAddSingleton(Create);
        return services;
    }

    /// <summary>
    /// The frame source, made once per container (a singleton). For <see cref="VideoDecoder.Auto"/> and
    /// <see cref="VideoDecoder.Worker"/> a worker is started and checked here; a worker that runs becomes the first
    /// of the <see cref="WorkerFrameSource"/>'s pool, so checking costs no extra start.
    /// </summary>
    public static IVideoFrameSource Create(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<VideoOptions>>();
        var loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger(typeof(VideoFrameSources));
        var decoder = options.Value.Decoder;
        if (decoder is VideoDecoder.Auto or VideoDecoder.Worker)
        {
            if (DecoderWorker.StartChecked(out var reason) is { } worker)
            {
                LogChosen(logger, VideoDecoder.Worker);
                return new WorkerFrameSource(options, loggers.CreateLogger<WorkerFrameSource>(), worker);
            }

            if (decoder == VideoDecoder.Worker)
            {
                throw WorkerFrameSource.Unavailable(reason);
            }

            LogFallback(logger, reason ?? string.Empty);
        }

        LogChosen(logger, VideoDecoder.FFmpeg);
        return new FFmpegFrameSource(options, loggers.CreateLogger<FFmpegFrameSource>());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Video decoder: {Decoder}")]
    private static partial void LogChosen(ILogger logger, VideoDecoder decoder);

    [LoggerMessage(Level = LogLevel.Information, Message = "The video decoder worker is not available ({Reason}); running ffmpeg per video")]
    private static partial void LogFallback(ILogger logger, string reason);
}
