using Classroom.Recognition.Video;
using Microsoft.Extensions.DependencyInjection;

namespace Classroom.FunctionApp;

/// <summary>
/// The deployment package carries what Azure's Linux Functions image lacks: a static ffmpeg/ffprobe under
/// <c>tools/ffmpeg</c>, used when the settings leave the ffmpeg folder empty. (The face models are under <c>models/</c>,
/// where the engine looks by default.)
/// </summary>
public static class PackagedTools
{
    public const string FFmpegPath = "tools/ffmpeg";

    public static IServiceCollection AddPackagedTools(this IServiceCollection services)
    {
        services.PostConfigure<VideoOptions>(video =>
        {
            if (string.IsNullOrWhiteSpace(video.FFmpegDirectory) && Beside(FFmpegPath) is { } ffmpeg && File.Exists(Path.Combine(ffmpeg, "ffmpeg")))
            {
                video.FFmpegDirectory = ffmpeg;
            }
        });
        return services;
    }

    private static string? Beside(string relative)
    {
        var path = Path.Combine(AppContext.BaseDirectory, relative);
        return Directory.Exists(path) ? path : null;
    }
}
