using Classroom.Recognition.Faces;
using Classroom.Recognition.Imaging;

namespace Classroom.Recognition.Tests.Faces;

public sealed class DlibAlignmentTests
{
    private const int Size = DlibFaceChipAligner.ChipSize;

    /// <summary>Where dlib's template puts the 5 points in a 150x150 chip with padding 0.25.</summary>
    private static Point2[] TemplateInChip() =>
        Array.ConvertAll(DlibChipDetails.Template5, p => new Point2((float)((0.25 + p.X) / 1.5 * Size), (float)((0.25 + p.Y) / 1.5 * Size)));

    [Fact]
    public void Landmarks_already_on_the_template_give_the_unit_scale_chip_with_dlibs_half_pixel_offset()
    {
        var chip = DlibChipDetails.FromFivePoints(TemplateInChip(), Size, DlibFaceChipAligner.ChipPadding);

        // The similarity fit is exact (scale 1, no rotation). dlib centres the rectangle on the image of the chip
        // point (size/2, size/2) = (75, 75) and gives it size·scale − 1 = 149 pixels of extent, so it runs from
        // 0.5 to 149.5: dlib's chips sit half a pixel off the template. 1e-4 px: float landmarks.
        Assert.Equal(0, chip.Angle, 1e-6);
        Assert.Equal(0.5, chip.Left, 1e-4);
        Assert.Equal(0.5, chip.Top, 1e-4);
        Assert.Equal(Size - 0.5, chip.Right, 1e-4);
        Assert.Equal(Size - 0.5, chip.Bottom, 1e-4);
    }

    [Fact]
    public void The_identity_chip_copies_the_pixels()
    {
        var image = Noise(Size, Size, seed: 3);
        var chip = DlibChipExtractor.Extract(image, new DlibChipDetails(0, 0, Size - 1, Size - 1, 0, Size, Size));

        // dlib samples bilinearly at whole-pixel positions, black where the 2x2 neighbourhood leaves the image:
        // the last row and column. Everything else is copied exactly.
        for (var y = 0; y < Size - 1; y++)
        {
            for (var x = 0; x < Size - 1; x++)
            {
                Assert.Equal(Pixel(image, x, y), Pixel(chip, x, y));
            }
        }

        Assert.Equal((0, 0, 0), Pixel(chip, Size - 1, 10));
    }

    [Fact]
    public void A_rotated_scaled_shifted_face_is_brought_back_upright()
    {
        // Draw the scene in chip coordinates, then place it in a larger image rotated by 30°, scaled 1.6x, shifted.
        var scene = Gradient(Size, Size);
        const double angle = Math.PI / 6, scale = 1.6, dx = 140, dy = 90;
        var (cos, sin) = (Math.Cos(angle) * scale, Math.Sin(angle) * scale);
        Point2 Place(double x, double y) => new((float)((cos * x) - (sin * y) + dx), (float)((sin * x) + (cos * y) + dy));
        var image = Warp(scene, 520, 520, Place);
        var landmarks = Array.ConvertAll(TemplateInChip(), p => Place(p.X, p.Y));

        var details = DlibChipDetails.FromFivePoints(landmarks, Size, DlibFaceChipAligner.ChipPadding);
        Assert.Equal(angle, details.Angle, 1e-5);
        Assert.Equal((Size * scale) - 1, details.Right - details.Left, 1e-3);

        var chip = new DlibFaceChipAligner().Align(image, landmarks);

        // Resampling twice (scene → image → chip) with bilinear interpolation of a smooth gradient:
        // within 3 grey levels away from the chip border (dlib's rectangle spans size·scale − 1 pixels, so the
        // chip is 1/150 larger than the scene: < 1 px drift at the edges).
        for (var y = 10; y < Size - 10; y += 7)
        {
            for (var x = 10; x < Size - 10; x += 7)
            {
                var (r, g, b) = Pixel(chip, x, y);
                var (er, eg, eb) = Pixel(scene, x, y);
                Assert.InRange(Math.Abs(r - er) + Math.Abs(g - eg) + Math.Abs(b - eb), 0, 9);
            }
        }
    }

    [Fact]
    public void A_large_face_is_taken_through_dlibs_pyramid_and_still_lands_on_the_template()
    {
        // 3x larger than the chip: dlib downsamples twice ([1 4 6 4 1] pyramid) before sampling.
        var scene = Gradient(Size, Size);
        Point2 Place(double x, double y) => new((float)((3 * x) + 20), (float)((3 * y) + 30));
        var image = Warp(scene, 500, 520, Place);
        var chip = new DlibFaceChipAligner().Align(image, Array.ConvertAll(TemplateInChip(), p => Place(p.X, p.Y)));

        // The pyramid blurs (5-tap Gaussian) and dlib's point_down is off by a quarter pixel per level:
        // on a gradient of ≤ 1.7 grey levels per pixel that is within 6 levels per channel sum.
        for (var y = 12; y < Size - 12; y += 9)
        {
            for (var x = 12; x < Size - 12; x += 9)
            {
                var (r, g, b) = Pixel(chip, x, y);
                var (er, eg, eb) = Pixel(scene, x, y);
                Assert.InRange(Math.Abs(r - er) + Math.Abs(g - eg) + Math.Abs(b - eb), 0, 6);
            }
        }
    }

    [Fact]
    public void Pyramid_down_halves_the_image_as_dlib_does()
    {
        var flat = new RgbImage(21, 13, Enumerable.Repeat((byte)200, 21 * 13 * 3).ToArray());
        var down = DlibChipExtractor.PyramidDown(flat)!;

        // (n − 3) / 2 columns and rows; the filter sums to 256, so a flat image stays flat.
        Assert.Equal((9, 5), (down.Width, down.Height));
        Assert.All(down.Pixels, p => Assert.Equal(200, p));
        Assert.Null(DlibChipExtractor.PyramidDown(new RgbImage(8, 40, new byte[8 * 40 * 3])));
    }

    [Fact]
    public void The_five_points_are_dlibs_eye_corners_and_nose_base_of_the_68()
    {
        var landmarks = Enumerable.Range(0, 68).Select(i => new Point2(i, -i)).ToArray();
        var five = DlibFaceChipAligner.FivePointsFrom68(landmarks);
        Assert.Equal(new[] { 45f, 42f, 36f, 39f, 33f }, five.Select(p => p.X));
        Assert.Throws<ArgumentException>(() => DlibFaceChipAligner.FivePointsFrom68(landmarks[..10]));
    }

    [Fact]
    public void The_least_squares_similarity_recovers_a_known_transform_from_noisy_points()
    {
        (double, double)[] from = [(10, 10), (90, 12), (50, 60), (20, 80), (85, 85)];
        const double a = 1.2, b = -0.5, tx = 7, ty = -3;
        var to = from.Select((p, i) => ((a * p.Item1) - (b * p.Item2) + tx + (i % 2 == 0 ? 0.01 : -0.01), (b * p.Item1) + (a * p.Item2) + ty)).ToArray();
        var fit = Similarity.LeastSquares(from, to);

        // ±0.01 px of noise on 5 points moves the fit by far less than 1e-3.
        Assert.Equal(a, fit.A, 1e-3);
        Assert.Equal(b, fit.B, 1e-3);
        Assert.Equal(tx, fit.Tx, 1e-1);
        Assert.Equal(ty, fit.Ty, 1e-1);
    }

    private static (int R, int G, int B) Pixel(RgbImage image, int x, int y)
    {
        var i = ((y * image.Width) + x) * 3;
        return (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]);
    }

    private static RgbImage Noise(int width, int height, int seed)
    {
        var pixels = new byte[width * height * 3];
        new Random(seed).NextBytes(pixels);
        return new RgbImage(width, height, pixels);
    }

    /// <summary>A smooth, asymmetric colour gradient (so a wrong rotation or flip shows).</summary>
    private static RgbImage Gradient(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                pixels[i] = (byte)(x * 255 / width);
                pixels[i + 1] = (byte)(y * 255 / height);
                pixels[i + 2] = (byte)((x + (2 * y)) * 255 / (width + (2 * height)));
            }
        }

        return new RgbImage(width, height, pixels);
    }

    /// <summary>Renders <paramref name="scene"/> into a new image through the similarity <paramref name="place"/> (inverse-mapped, bilinear).</summary>
    private static RgbImage Warp(RgbImage scene, int width, int height, Func<double, double, Point2> place)
    {
        var o = place(0, 0);
        var ux = place(1, 0);
        var (a, b) = (ux.X - o.X, ux.Y - o.Y);
        var det = (a * a) + (b * b);
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (px, py) = (x - o.X, y - o.Y);
                var sx = ((a * px) + (b * py)) / det;
                var sy = ((-b * px) + (a * py)) / det;
                if (sx < 0 || sy < 0 || sx >= scene.Width - 1 || sy >= scene.Height - 1)
                {
                    continue;
                }

                var (x0, y0) = ((int)sx, (int)sy);
                var (fx, fy) = (sx - x0, sy - y0);
                for (var c = 0; c < 3; c++)
                {
                    double At(int qx, int qy) => scene.Pixels[(((qy * scene.Width) + qx) * 3) + c];
                    var v = ((1 - fy) * (((1 - fx) * At(x0, y0)) + (fx * At(x0 + 1, y0)))) + (fy * (((1 - fx) * At(x0, y0 + 1)) + (fx * At(x0 + 1, y0 + 1))));
                    pixels[(((y * width) + x) * 3) + c] = (byte)Math.Round(v);
                }
            }
        }

        return new RgbImage(width, height, pixels);
    }
}
