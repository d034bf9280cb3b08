namespace Classroom.Recognition.Models;

/// <summary>
/// Built ONNX graphs on disk, keyed by model name, builder version and the source weights' hash, so a
/// warm start loads a file instead of rebuilding. Writes are atomic (temp file + rename).
/// </summary>
public static class OnnxModelCache
{
    /// <summary>Returns the path of the cached graph, building and storing it first when missing.</summary>
    /// <param name="builderVersion">Bump when the graph-building code changes, so stale graphs are not reused.</param>
    public static string GetOrBuild(string cacheDirectory, string modelName, int builderVersion, string sourceHash, Func<byte[]> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var path = Path.Combine(cacheDirectory, $"{modelName}.v{builderVersion}.{sourceHash[..16]}.onnx");
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(cacheDirectory);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, build());
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
