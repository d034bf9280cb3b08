using Classroom.Recognition.Imaging;

namespace Classroom.Recognition.Faces;

/// <summary>
/// dlib's extract_image_chip (dlib/image_transforms/interpolation.h): when the chip is much smaller than its source
/// rectangle, first descend an image pyramid (pyramid_down&lt;2&gt;, image_pyramid.h) over the grown bounding box of the
/// rotated rectangle, then sample bilinearly (interpolate_bilinear: no edge clamping, black outside, channel values
/// truncated to bytes). Reproduced step for step so chips match the ones the descriptor network was trained on.
/// </summary>
public static class DlibChipExtractor
{
    public static RgbImage Extract(RgbImage image, DlibChipDetails chip)
    {
        if (chip.Rows < 2 || chip.Cols < 2 || chip.Area <= 0)
        {
            throw new ArgumentException($"Invalid chip {chip}.", nameof(chip));
        }

        long size = (long)chip.Rows * chip.Cols;
        var corners = RotatedCorners(chip.Left, chip.Top, chip.Right, chip.Bottom, chip.Angle);

        // Depth of the pyramid and the border kept around the rotated rectangle ("grow").
        var grow = 2.0;
        var down = RectDown((chip.Left, chip.Top, chip.Right, chip.Bottom));
        while (Area(down) > size)
        {
            down = RectDown(down);
            grow = (grow * 2) + 2;
        }

        // bounding_box: grown rotated rectangle ∩ image, rounded to whole pixels (drectangle → rectangle).
        var left = Math.Max(corners.Min(p => p.X) - grow, 0);
        var top = Math.Max(corners.Min(p => p.Y) - grow, 0);
        var right = Math.Min(corners.Max(p => p.X) + grow, image.Width - 1);
        var bottom = Math.Min(corners.Max(p => p.Y) + grow, image.Height - 1);
        var source = right < left || bottom < top
            ? null
            : Crop(image, Round(left), Round(top), Round(right), Round(bottom));
        var (ox, oy) = source is null ? (0, 0) : (Round(left), Round(top));

        // Level: descend while the next level's rectangle still holds more pixels than the chip.
        var rect = (chip.Left - ox, chip.Top - oy, chip.Right - ox, chip.Bottom - oy);
        while (Area(RectDown(rect)) > size)
        {
            rect = RectDown(rect);
            source = source is null ? null : PyramidDown(source);
        }

        var (tl, tr, bl) = RotatedCornersTlTrBl(rect, chip.Angle);
        return Sample(source, chip.Rows, chip.Cols, tl, tr, bl);
    }

    /// <summary>pyramid_down_2_1::point_down: p/2 − (1.25, 0.75), applied to both corners.</summary>
    internal static (double L, double T, double R, double B) RectDown((double L, double T, double R, double B) r) =>
        ((r.L / 2) - 1.25, (r.T / 2) - 0.75, (r.R / 2) - 1.25, (r.B / 2) - 0.75);

    /// <summary>
    /// pyramid_down_2_1 on RGB: a separable [1 4 6 4 1] filter, keeping every other column (starting at the filter's
    /// left edge) and every other row from row 2, integer sums divided (truncating) by 256. Images of 8 pixels or
    /// fewer on a side vanish, as in dlib.
    /// </summary>
    internal static RgbImage? PyramidDown(RgbImage img)
    {
        if (img.Width <= 8 || img.Height <= 8)
        {
            return null;
        }

        int w = img.Width, h = img.Height, tw = (w - 3) / 2, dh = (h - 3) / 2;
        var temp = new int[h * tw * 3];
        var src = img.Pixels;
        for (var r = 0; r < h; r++)
        {
            for (var c = 0; c < tw; c++)
            {
                var s = ((r * w) + (2 * c)) * 3;
                var d = ((r * tw) + c) * 3;
                for (var k = 0; k < 3; k++)
                {
                    temp[d + k] = src[s + k] + (4 * src[s + 3 + k]) + (6 * src[s + 6 + k]) + (4 * src[s + 9 + k]) + src[s + 12 + k];
                }
            }
        }

        var pixels = new byte[tw * dh * 3];
        for (int r = 2, dr = 0; dr < dh; r += 2, dr++)
        {
            for (var i = 0; i < tw * 3; i++)
            {
                var sum = temp[((r - 2) * tw * 3) + i] + (4 * temp[((r - 1) * tw * 3) + i]) + (6 * temp[(r * tw * 3) + i])
                    + (4 * temp[((r + 1) * tw * 3) + i]) + temp[((r + 2) * tw * 3) + i];
                pixels[(dr * tw * 3) + i] = (byte)(sum / 256);
            }
        }

        return new RgbImage(tw, dh, pixels);
    }

    /// <summary>transform_image with interpolate_bilinear over the affine map chip (0,0),(cols−1,0),(0,rows−1) → tl,tr,bl.</summary>
    private static RgbImage Sample(RgbImage? source, int rows, int cols, (double X, double Y) tl, (double X, double Y) tr, (double X, double Y) bl)
    {
        var chip = new byte[rows * cols * 3];
        if (source is null)
        {
            return new RgbImage(cols, rows, chip);
        }

        var (ux, uy) = ((tr.X - tl.X) / (cols - 1), (tr.Y - tl.Y) / (cols - 1));
        var (vx, vy) = ((bl.X - tl.X) / (rows - 1), (bl.Y - tl.Y) / (rows - 1));
        var (w, h, px) = (source.Width, source.Height, source.Pixels);
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                var x = tl.X + (c * ux) + (r * vx);
                var y = tl.Y + (c * uy) + (r * vy);
                var x0 = (long)Math.Floor(x);
                var y0 = (long)Math.Floor(y);
                if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h)
                {
                    continue; // black_background
                }

                var (fx, fy) = (x - x0, y - y0);
                var top = ((y0 * w) + x0) * 3;
                var below = top + (w * 3);
                var d = ((r * cols) + c) * 3;
                for (var k = 0; k < 3; k++)
                {
                    var value = ((1 - fy) * (((1 - fx) * px[top + k]) + (fx * px[top + 3 + k])))
                        + (fy * (((1 - fx) * px[below + k]) + (fx * px[below + 3 + k])));
                    chip[d + k] = (byte)Math.Clamp(value, 0, 255);
                }
            }
        }

        return new RgbImage(cols, rows, chip);
    }

    private static (double X, double Y)[] RotatedCorners(double l, double t, double r, double b, double angle)
    {
        var (tl, tr, bl) = RotatedCornersTlTrBl((l, t, r, b), angle);
        var (cx, cy) = ((l + r) / 2, (t + b) / 2);
        return [tl, tr, bl, Rotate(cx, cy, r, b, angle)];
    }

    private static ((double X, double Y) Tl, (double X, double Y) Tr, (double X, double Y) Bl) RotatedCornersTlTrBl(
        (double L, double T, double R, double B) rect, double angle)
    {
        var (cx, cy) = ((rect.L + rect.R) / 2, (rect.T + rect.B) / 2);
        return (Rotate(cx, cy, rect.L, rect.T, angle), Rotate(cx, cy, rect.R, rect.T, angle), Rotate(cx, cy, rect.L, rect.B, angle));
    }

    /// <summary>rotate_point(center, p, angle): p rotated about the centre by angle (radians).</summary>
    private static (double X, double Y) Rotate(double cx, double cy, double x, double y, double angle)
    {
        var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));
        var (dx, dy) = (x - cx, y - cy);
        return ((cos * dx) - (sin * dy) + cx, (sin * dx) + (cos * dy) + cy);
    }

    private static double Area((double L, double T, double R, double B) r) =>
        r.R < r.L || r.B < r.T ? 0 : (r.R - r.L + 1) * (r.B - r.T + 1);

    /// <summary>drectangle → rectangle: each coordinate rounded half up.</summary>
    private static int Round(double v) => (int)Math.Floor(v + 0.5);

    private static RgbImage Crop(RgbImage image, int left, int top, int right, int bottom)
    {
        int w = right - left + 1, h = bottom - top + 1;
        var pixels = new byte[w * h * 3];
        for (var r = 0; r < h; r++)
        {
            Array.Copy(image.Pixels, (((top + r) * image.Width) + left) * 3, pixels, r * w * 3, w * 3);
        }

        return new RgbImage(w, h, pixels);
    }
}
