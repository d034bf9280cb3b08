namespace Classroom.Recognition.Models;

/// <summary>Finds the face-api weights and the ONNX cache folder.</summary>
public static class ModelFiles
{
    /// <summary>The npm package that ships the weights (MIT): @vladmandic/face-api.</summary>
    public const string PackageModelPath = "node_modules/@vladmandic/face-api/model";

    /// <summary>Where a published app carries the weights, relative to its base directory.</summary>
    public const string PublishedModelPath = "models/face-api";

    /// <summary>Resolves the model folder: the option, then beside the app, then node_modules above the app or the current folder.</summary>
    public static string FindModelDirectory(FaceModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.ModelDirectory))
        {
            return Directory.Exists(options.ModelDirectory)
                ? options.ModelDirectory
                : throw new DirectoryNotFoundException($"Face model folder '{options.ModelDirectory}' (Classroom:Faces:ModelDirectory) does not exist.");
        }

        var beside = Path.Combine(AppContext.BaseDirectory, PublishedModelPath);
        if (Directory.Exists(beside))
        {
            return beside;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, PackageModelPath);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"Face model weights not found: run scripts/setup.sh (npm ci) or set Classroom:Faces:ModelDirectory to the @vladmandic/face-api model folder.");
    }

    /// <summary>Resolves the cache folder and creates it.</summary>
    public static string FindCacheDirectory(FaceModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dir = !string.IsNullOrWhiteSpace(options.CacheDirectory)
            ? options.CacheDirectory
            : Path.Combine(Path.GetTempPath(), "classroom-onnx-cache");
        Directory.CreateDirectory(dir);
        return dir;
    }
}
