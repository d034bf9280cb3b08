using SkiaSharp;

namespace Classroom.Recognition.Imaging;

/// <summary>Reads JPEG/PNG (and the other formats Skia decodes) into <see cref="RgbImage"/>, upright per the EXIF orientation.</summary>
public static class ImageFiles
{
    /// <summary>Extensions <see cref="Load(string)"/> is meant for (enrolment photos, test images).</summary>
    public static readonly IReadOnlySet<string> Extensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif" };

    public static bool IsImage(string path) => Extensions.Contains(Path.GetExtension(path));

    public static RgbImage Load(string path)
    {
        using var stream = File.OpenRead(path);
        try
        {
            return Decode(stream);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Decodes an encoded image; throws <see cref="InvalidDataException"/> when it is not one.</summary>
    public static RgbImage Decode(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var data = SKData.Create(stream) ?? throw new InvalidDataException("The stream is empty.");
        using var codec = SKCodec.Create(data) ?? throw new InvalidDataException("Not an image Skia can decode (JPEG, PNG, WebP, BMP, GIF).");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            throw new InvalidDataException($"The image could not be decoded ({result}).");
        }

        return Orient(bitmap.GetPixelSpan(), info.Width, info.Height, codec.EncodedOrigin);
    }

    /// <summary>The image's pixels as opaque RGBA (Skia's <see cref="SKColorType.Rgba8888"/>).</summary>
    public static byte[] Rgba(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var rgba = new byte[image.Width * image.Height * 4];
        for (int i = 0, j = 0; i < rgba.Length; i += 4, j += 3)
        {
            rgba[i] = image.Pixels[j];
            rgba[i + 1] = image.Pixels[j + 1];
            rgba[i + 2] = image.Pixels[j + 2];
            rgba[i + 3] = 255;
        }

        return rgba;
    }

    /// <summary>Encodes an image as JPEG (tests, debugging chips).</summary>
    public static byte[] EncodeJpeg(RgbImage image, int quality = 90)
    {
        ArgumentNullException.ThrowIfNull(image);
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var skImage = SKImage.FromPixelCopy(info, Rgba(image));
        using var encoded = skImage.Encode(SKEncodedImageFormat.Jpeg, quality);
        return encoded.ToArray();
    }

    /// <summary>
    /// Copies RGBA pixels into an upright RGB image. EXIF orientation 1-8 (TIFF 6.0 tag 274): the stored image must be
    /// mirrored and/or rotated so that its 0th row/column become the named sides; we sample the source accordingly.
    /// </summary>
    private static RgbImage Orient(ReadOnlySpan<byte> rgba, int width, int height, SKEncodedOrigin origin)
    {
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (outW, outH) = swap ? (height, width) : (width, height);
        var pixels = new byte[outW * outH * 3];
        for (var y = 0; y < outH; y++)
        {
            for (var x = 0; x < outW; x++)
            {
                var (sx, sy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (width - 1 - x, y),
                    SKEncodedOrigin.BottomRight => (width - 1 - x, height - 1 - y),
                    SKEncodedOrigin.BottomLeft => (x, height - 1 - y),
                    SKEncodedOrigin.LeftTop => (y, x),
                    SKEncodedOrigin.RightTop => (y, height - 1 - x),
                    SKEncodedOrigin.RightBottom => (width - 1 - y, height - 1 - x),
                    SKEncodedOrigin.LeftBottom => (width - 1 - y, x),
                    _ => (x, y),
                };
                var s = ((sy * width) + sx) * 4;
                var d = ((y * outW) + x) * 3;
                pixels[d] = rgba[s];
                pixels[d + 1] = rgba[s + 1];
                pixels[d + 2] = rgba[s + 2];
            }
        }

        return new RgbImage(outW, outH, pixels);
    }
}
