using Classroom.Recognition.Faces;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Tests.Support;

namespace Classroom.Recognition.Tests.Imaging;

public sealed class ImageOpsTests
{
    /// <summary>A 5×3 image whose every pixel is distinct (R = x, G = y, B = 7), so any misplaced pixel shows.</summary>
    private static RgbImage Numbered(int w = 5, int h = 3)
    {
        var p = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = ((y * w) + x) * 3;
                (p[i], p[i + 1], p[i + 2]) = ((byte)x, (byte)y, 7);
            }
        }

        return new RgbImage(w, h, p);
    }

    private static (byte R, byte G) At(RgbImage image, int x, int y)
    {
        var i = ((y * image.Width) + x) * 3;
        return (image.Pixels[i], image.Pixels[i + 1]);
    }

    [Fact]
    public void A_quarter_turn_clockwise_puts_the_top_left_pixel_top_right_and_four_turns_give_the_image_back()
    {
        var image = Numbered();

        var turned = ImageOps.Turn(image, 1);

        Assert.Equal((3, 5), (turned.Width, turned.Height));
        Assert.Equal(((byte)0, (byte)0), At(turned, 2, 0)); // was top left
        Assert.Equal(((byte)0, (byte)2), At(turned, 0, 0)); // was bottom left
        Assert.Equal(image.Pixels, ImageOps.Turn(ImageOps.Turn(turned, 2), 1).Pixels);
        Assert.Equal(image.Pixels, ImageOps.Turn(ImageOps.Turn(image, 3), 1).Pixels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_box_found_in_a_turned_image_maps_back_onto_the_same_pixels(int turns)
    {
        // A bright 2×1 block at x 1..2, y 0 of a 5×3 image; find it in the turned image, map its box back.
        var image = new RgbImage(5, 3, new byte[45]);
        foreach (var x in new[] { 1, 2 })
        {
            image.Pixels[x * 3] = 255;
        }

        var turned = ImageOps.Turn(image, turns);
        var lit = Enumerable.Range(0, turned.Width * turned.Height).Where(i => turned.Pixels[i * 3] == 255).ToList();
        var xs = lit.Select(i => i % turned.Width).ToList();
        var ys = lit.Select(i => i / turned.Width).ToList();
        var box = new FaceBox(xs.Min(), ys.Min(), xs.Max() - xs.Min() + 1, ys.Max() - ys.Min() + 1, 0.9f);

        Assert.Equal(new FaceBox(1, 0, 2, 1, 0.9f), ImageOps.Unturn(box, turns, image.Width, image.Height));
    }

    [Fact]
    public void The_mirror_swaps_left_and_right_and_twice_is_the_image()
    {
        var image = Numbered();

        var mirrored = ImageOps.Mirror(image);

        Assert.Equal(((byte)4, (byte)1), At(mirrored, 0, 1));
        Assert.Equal(image.Pixels, ImageOps.Mirror(mirrored).Pixels);
    }

    [Fact]
    public void A_flat_frame_is_blank_and_a_dark_one_is_dim_and_brightening_lifts_it_keeping_the_order_of_grey_levels()
    {
        Assert.True(ImageOps.Measure(new RgbImage(64, 64, Enumerable.Repeat((byte)3, 64 * 64 * 3).ToArray())).IsBlank);

        // A group photo (face-api's sample1) darkened as a dim hall darkens it: every level to a fifth (0..51).
        var photo = ImageFiles.Load(SamplePhotos.Path(1));
        var image = new RgbImage(photo.Width, photo.Height, [.. photo.Pixels.Select(v => (byte)(v / 5))]);
        var before = ImageOps.Measure(image);
        var after = ImageOps.Measure(ImageOps.EnhanceLowLight(image));

        Assert.True(before.IsDim && !before.IsBlank);
        // CLAHE at clip limit 3 lifts a tile's contrast at most about threefold; 1.5× the mean is the least a dim frame should gain.
        Assert.True(after.Mean > 1.5 * before.Mean, $"mean {before.Mean:F0} -> {after.Mean:F0}");
        Assert.True(after.High - after.Low > 2 * (before.High - before.Low), $"spread {before.High - before.Low} -> {after.High - after.Low}");
    }
}
