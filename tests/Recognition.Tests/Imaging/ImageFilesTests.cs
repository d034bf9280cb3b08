using Classroom.Recognition.Imaging;

namespace Classroom.Recognition.Tests.Imaging;

public sealed class ImageFilesTests
{
    /// <summary>32x16: left half red, right half blue (solid blocks survive JPEG).</summary>
    private static RgbImage RedLeftBlueRight()
    {
        var pixels = new byte[32 * 16 * 3];
        for (var i = 0; i < 32 * 16; i++)
        {
            var left = i % 32 < 16;
            (pixels[3 * i], pixels[(3 * i) + 1], pixels[(3 * i) + 2]) = left ? ((byte)230, (byte)20, (byte)20) : ((byte)20, (byte)20, (byte)230);
        }

        return new RgbImage(32, 16, pixels);
    }

    [Fact]
    public void A_jpeg_decodes_to_its_pixels()
    {
        var image = ImageFiles.Decode(new MemoryStream(ImageFiles.EncodeJpeg(RedLeftBlueRight(), 95)));
        Assert.Equal((32, 16), (image.Width, image.Height));
        AssertColour(image, 4, 8, red: true);
        AssertColour(image, 28, 8, red: false);
    }

    [Theory]
    [InlineData(6, 16, 32, "left side on top")] // rotate 90° clockwise to display
    [InlineData(8, 16, 32, "left side at the bottom")] // rotate 90° counter-clockwise
    [InlineData(3, 32, 16, "left side on the right")] // rotate 180°
    [InlineData(2, 32, 16, "left side on the right")] // mirrored
    [InlineData(1, 32, 16, "as stored")]
    public void Exif_orientation_is_applied(int orientation, int width, int height, string expectation)
    {
        var image = ImageFiles.Decode(new MemoryStream(WithExifOrientation(ImageFiles.EncodeJpeg(RedLeftBlueRight(), 95), orientation)));

        Assert.Equal((width, height), (image.Width, image.Height));
        var (redAt, blueAt) = expectation switch
        {
            "left side on top" => ((8, 4), (8, 28)),
            "left side at the bottom" => ((8, 28), (8, 4)),
            "left side on the right" => ((28, 8), (4, 8)),
            _ => ((4, 8), (28, 8)),
        };
        AssertColour(image, redAt.Item1, redAt.Item2, red: true);
        AssertColour(image, blueAt.Item1, blueAt.Item2, red: false);
    }

    [Fact]
    public void Something_that_is_not_an_image_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidDataException>(() => ImageFiles.Decode(new MemoryStream("not a picture"u8.ToArray())));
        Assert.Contains("Not an image", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => ImageFiles.Decode(new MemoryStream()));
    }

    private static void AssertColour(RgbImage image, int x, int y, bool red)
    {
        var i = ((y * image.Width) + x) * 3;
        var (r, b) = (image.Pixels[i], image.Pixels[i + 2]);
        Assert.True(red ? r > 180 && b < 80 : b > 180 && r < 80, $"pixel ({x},{y}) is R{r} B{b}, expected {(red ? "red" : "blue")}");
    }

    /// <summary>Inserts an APP1 Exif segment (little-endian TIFF, one IFD entry: Orientation, tag 0x0112) after SOI.</summary>
    private static byte[] WithExifOrientation(byte[] jpeg, int orientation)
    {
        byte[] tiff =
        [
            (byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, // header, IFD at offset 8
            1, 0, // one entry
            0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte)orientation, 0, 0, 0, // Orientation, SHORT, count 1, value
            0, 0, 0, 0, // no next IFD
        ];
        byte[] exif = [.. "Exif\0\0"u8.ToArray(), .. tiff];
        var length = exif.Length + 2;
        byte[] app1 = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif];
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }
}
