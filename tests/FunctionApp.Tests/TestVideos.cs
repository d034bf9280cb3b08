using System.Diagnostics;

namespace Classroom.FunctionApp.Tests;

/// <summary>Test videos made with ffmpeg from the face photos shipped in @vladmandic/face-api (demo/sample*.jpg).</summary>
public sealed class TestVideos : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("classroom-videos-").FullName;

    public static string Photo(int n) => Path.Combine(RepoPaths.NodeModules, "@vladmandic", "face-api", "demo", $"sample{n}.jpg");

    /// <summary>A 1 s H.264 clip of a still photo (10 fps, 960 px wide): what a phone recording of a student looks like to the pipeline.</summary>
    public string FromPhoto(int n, string name) =>
        Ffmpeg(name, "-loop", "1", "-i", Photo(n), "-t", "1", "-r", "10", "-vf", "scale=960:-2", "-c:v", "libx264", "-pix_fmt", "yuv420p");

    /// <summary>A 1 s clip with no face in it (ffmpeg's test pattern).</summary>
    public string NoFace(string name) =>
        Ffmpeg(name, "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=10", "-t", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p");

    /// <summary>Bytes that are not a video, with a video's name.</summary>
    public string Corrupt(string name)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 64 * 1024).Select(i => (byte)(i * 7919 % 251))]);
        return path;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private string Ffmpeg(string name, params string[] arguments)
    {
        var path = Path.Combine(Folder, name);
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["-hide_banner", "-loglevel", "error", "-y", .. arguments, path])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return process.ExitCode == 0 ? path : throw new InvalidOperationException($"ffmpeg failed for {name}: {error.Result}");
    }
}
