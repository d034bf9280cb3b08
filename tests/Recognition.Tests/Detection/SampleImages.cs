using System.Collections.Concurrent;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Tests.Support;

namespace Classroom.Recognition.Tests.Detection;

/// <summary>
/// The face-api demo photos (demo/sample1..6.jpg), decoded once per test run: as the product decodes photos
/// (<see cref="ImageFiles"/>, SkiaSharp), or re-rendered through an ffmpeg filter into a lossless PNG first.
/// </summary>
internal static class SampleImages
{
    private static readonly ConcurrentDictionary<string, RgbImage> Decoded = new(StringComparer.Ordinal);

    public static RgbImage Sample(int n) =>
        Decoded.GetOrAdd($"sample{n}", _ => ImageFiles.Load(SamplePhotos.Path(n)));

    /// <summary>A demo photo re-rendered by an ffmpeg filter, e.g. "scale=960:640" or "crop=1920:300:0:330".</summary>
    public static RgbImage Sample(int n, string filter) =>
        Decoded.GetOrAdd($"sample{n}|{filter}", _ =>
        {
            using var folder = new MediaFolder();
            return ImageFiles.Load(MediaFolder.Ffmpeg("-i", SamplePhotos.Path(n), "-vf", filter, "-frames:v", "1", folder.PathOf("frame.png")));
        });
}
