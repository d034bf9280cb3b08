using Classroom.Recognition.Imaging;
using SkiaSharp;

namespace Classroom.Recognition.Tests.Faces;

/// <summary>Re-renderings of a photo for the "same face stays the same" tests.</summary>
internal static class ImageEdits
{
    public static RgbImage Mirror(RgbImage image)
    {
        var pixels = new byte[image.Pixels.Length];
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                Array.Copy(image.Pixels, ((y * image.Width) + x) * 3, pixels, ((y * image.Width) + (image.Width - 1 - x)) * 3, 3);
            }
        }

        return new RgbImage(image.Width, image.Height, pixels);
    }

    /// <summary>Moves the content by (dx, dy) ≥ 0 onto a grey canvas of the same size (the far edge falls off).</summary>
    public static RgbImage Shift(RgbImage image, int dx, int dy)
    {
        var pixels = Enumerable.Repeat((byte)128, image.Pixels.Length).ToArray();
        for (var y = 0; y + dy < image.Height; y++)
        {
            Array.Copy(image.Pixels, y * image.Width * 3, pixels, (((y + dy) * image.Width) + dx) * 3, (image.Width - dx) * 3);
        }

        return new RgbImage(image.Width, image.Height, pixels);
    }

    public static RgbImage ReencodeJpeg(RgbImage image, int quality) =>
        ImageFiles.Decode(new MemoryStream(ImageFiles.EncodeJpeg(image, quality)));

    /// <summary>Resamples with Skia's linear filter and mipmaps (a photo editor's "resize").</summary>
    public static RgbImage Scale(RgbImage image, double factor)
    {
        var rgba = new byte[image.Width * image.Height * 4];
        for (int i = 0, j = 0; j < image.Pixels.Length; i += 4, j += 3)
        {
            (rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]) = (image.Pixels[j], image.Pixels[j + 1], image.Pixels[j + 2], 255);
        }

        using var source = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, source.GetPixels(), rgba.Length);
        var (w, h) = ((int)Math.Round(image.Width * factor), (int)Math.Round(image.Height * factor));
        using var scaled = source.Resize(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        var span = scaled.GetPixelSpan();
        var pixels = new byte[w * h * 3];
        for (int i = 0, j = 0; j < pixels.Length; i += 4, j += 3)
        {
            (pixels[j], pixels[j + 1], pixels[j + 2]) = (span[i], span[i + 1], span[i + 2]);
        }

        return new RgbImage(w, h, pixels);
    }
}
