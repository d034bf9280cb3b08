using System.Diagnostics;
using System.Globalization;
using Classroom.Recognition.Faces;

namespace Classroom.FunctionApp.Tests;

/// <summary>Test videos made with ffmpeg from the face photos shipped in @vladmandic/face-api (demo/sample*.jpg).</summary>
public sealed class TestVideos : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("classroom-videos-").FullName;

    public static string Photo(int n) => Path.Combine(RepoPaths.NodeModules, "@vladmandic", "face-api", "demo", $"sample{n}.jpg");

    /// <summary>
    /// A 1 s clip of one face cut out of a (group) photo: the box grown by half its size on each side, so the clip
    /// shows that face alone and which face a video's "first" result picks does not depend on the selection rule.
    /// </summary>
    public string FromFace(int n, FaceBox box, string name)
    {
        int x = Math.Max(0, (int)(box.X - (box.Width / 2))), y = Math.Max(0, (int)(box.Y - (box.Height / 2)));
        int w = (int)(box.Width * 2) & ~1, h = (int)(box.Height * 2) & ~1;
        return Ffmpeg(name, "-loop", "1", "-i", Photo(n), "-t", "1", "-r", "10",
            "-vf", string.Create(CultureInfo.InvariantCulture, $"crop=min({w}\\,iw-{x}):min({h}\\,ih-{y}):{x}:{y},scale=480:-2"), "-c:v", "libx264", "-pix_fmt", "yuv420p");
    }

    /// <summary>A clip (1 s unless told) with no face in it (ffmpeg's test pattern).</summary>
    public string NoFace(string name, int seconds = 1) =>
        Ffmpeg(name, "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=10", "-t", seconds.ToString(CultureInfo.InvariantCulture), "-c:v", "libx264", "-pix_fmt", "yuv420p");

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
