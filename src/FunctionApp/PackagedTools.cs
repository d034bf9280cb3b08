using Classroom.Recognition.Models;
using Classroom.Recognition.Video;
using Microsoft.Extensions.DependencyInjection;

namespace Classroom.FunctionApp;

/// <summary>
/// The deployment package carries what Azure's Linux Functions image lacks: a static ffmpeg/ffprobe under
/// <c>tools/ffmpeg</c> and the face model weights (plus prebuilt ONNX graphs) under <c>models/</c>. When the
/// settings leave these folders empty, the packaged ones are used; a configured ONNX cache is seeded from the package.
/// </summary>
public static class PackagedTools
{
    public const string FFmpegPath = "tools/ffmpeg";
    public const string OnnxPath = "models/onnx";

    public static IServiceCollection AddPackagedTools(this IServiceCollection services)
    {
        services.PostConfigure<VideoOptions>(video =>
        {
            if (string.IsNullOrWhiteSpace(video.FFmpegDirectory) && Beside(FFmpegPath) is { } ffmpeg && File.Exists(Path.Combine(ffmpeg, "ffmpeg")))
            {
                video.FFmpegDirectory = ffmpeg;
            }
        });
        services.PostConfigure<FaceModelOptions>(faces =>
        {
            if (Beside(OnnxPath) is not { } packaged)
            {
                return;
            }

            if (string.IsNullOrWhiteSpace(faces.CacheDirectory))
            {
                faces.CacheDirectory = packaged;
            }
            else if (!SamePath(faces.CacheDirectory, packaged))
            {
                SeedCache(packaged, faces.CacheDirectory);
            }
        });
        return services;
    }

    /// <summary>
    /// A configured (writable) cache, e.g. under /tmp, starts with the packaged graphs: copying them is
    /// far cheaper than building them from the TF.js weights on a cold start. Atomic (temp + rename).
    /// </summary>
    private static void SeedCache(string packaged, string cache)
    {
        Directory.CreateDirectory(cache);
        foreach (var source in Directory.EnumerateFiles(packaged, "*.onnx"))
        {
            var target = Path.Combine(cache, Path.GetFileName(source));
            if (!File.Exists(target))
            {
                var temp = $"{target}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
                File.Copy(source, temp);
                File.Move(temp, target, overwrite: true);
            }
        }
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd('/'), Path.GetFullPath(b).TrimEnd('/'), StringComparison.Ordinal);

    private static string? Beside(string relative)
    {
        var path = Path.Combine(AppContext.BaseDirectory, relative);
        return Directory.Exists(path) ? path : null;
    }
}
