using Classroom.Recognition.Detection;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Models;

namespace Classroom.Recognition.Tests.Detection;

/// <summary>One SSD and one Tiny (416) detector shared by a test class: sessions are created once.</summary>
public sealed class DetectorFixture : IDisposable
{
    private readonly Lazy<SsdMobilenetV1Detector> _ssd = new(() => new SsdMobilenetV1Detector(new FaceModelOptions()));
    private readonly Lazy<TinyFaceDetector> _tiny = new(() => new TinyFaceDetector(new FaceModelOptions()));

    public SsdMobilenetV1Detector Ssd => _ssd.Value;

    public TinyFaceDetector Tiny => _tiny.Value;

    /// <summary>A uniform grey, black or white image, or seeded RGB noise.</summary>
    public static RgbImage Plain(int width, int height, byte? value, int seed = 0)
    {
        var pixels = new byte[width * height * 3];
        if (value is { } v)
        {
            Array.Fill(pixels, v);
        }
        else
        {
            new Random(seed).NextBytes(pixels);
        }

        return new RgbImage(width, height, pixels);
    }

    public void Dispose()
    {
        if (_ssd.IsValueCreated)
        {
            _ssd.Value.Dispose();
        }

        if (_tiny.IsValueCreated)
        {
            _tiny.Value.Dispose();
        }
    }
}
