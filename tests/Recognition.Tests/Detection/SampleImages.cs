using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Models;

namespace Classroom.Recognition.Tests.Detection;

/// <summary>
/// The face-api demo photos (demo/sample1..6.jpg), decoded once per test run: as the product decodes photos
/// (<see cref="ImageFiles"/>, SkiaSharp), or through an ffmpeg filter for re-rendered variants.
/// </summary>
internal static class SampleImages
{
    private static readonly ConcurrentDictionary<string, RgbImage> Decoded = new(StringComparer.Ordinal);

    public static string DemoDirectory => Path.GetFullPath(Path.Combine(ModelFiles.FindModelDirectory(new FaceModelOptions()), "..", "demo"));

    public static RgbImage Sample(int n) =>
        Decoded.GetOrAdd($"sample{n}", _ => ImageFiles.Load(Path.Combine(DemoDirectory, $"sample{n}.jpg")));

    /// <summary>A demo photo re-rendered by an ffmpeg filter, e.g. "scale=960:640".</summary>
    public static RgbImage Sample(int n, string filter) =>
        Decoded.GetOrAdd($"sample{n}|{filter}", _ => RunFfmpeg(Path.Combine(DemoDirectory, $"sample{n}.jpg"), filter));

    /// <summary>ffmpeg writes one PPM (P6: "P6 width height 255" then RGB bytes), so the size comes with the pixels.</summary>
    private static RgbImage RunFfmpeg(string path, string filter)
    {
        var ppm = Run("ffmpeg", ["-v", "error", "-i", path, "-vf", filter, "-frames:v", "1", "-f", "image2pipe", "-vcodec", "ppm", "-"]);
        var fields = new List<int>();
        var pos = 2;
        while (fields.Count < 3)
        {
            while (char.IsWhiteSpace((char)ppm[pos]))
            {
                pos++;
            }

            var start = pos;
            while (!char.IsWhiteSpace((char)ppm[pos]))
            {
                pos++;
            }

            fields.Add(int.Parse(System.Text.Encoding.ASCII.GetString(ppm, start, pos - start), CultureInfo.InvariantCulture));
        }

        return new RgbImage(fields[0], fields[1], ppm[(pos + 1)..]);
    }

    private static byte[] Run(string tool, string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start.");
        using var output = new MemoryStream();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        return process.ExitCode == 0
            ? output.ToArray()
            : throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {stderr.Result}");
    }
}
