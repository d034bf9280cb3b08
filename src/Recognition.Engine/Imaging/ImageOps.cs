using Classroom.Recognition.Faces;

namespace Classroom.Recognition.Imaging;

/// <summary>How bright and how varied an image is, from its luma (BT.601 weights, as JPEG and most video use).</summary>
/// <param name="Mean">Mean luma, 0–255.</param>
/// <param name="Low">The 2nd percentile of luma.</param>
/// <param name="High">The 98th percentile of luma.</param>
public readonly record struct LumaStats(double Mean, int Low, int High)
{
    /// <summary>Nearly one flat colour (a black lead-in, a blank slide): nothing to find, no second look worth taking.</summary>
    public bool IsBlank => High - Low < 12;

    /// <summary>Dark or flat enough that a brightened copy may show a face the detector missed.</summary>
    public bool IsDim => !IsBlank && (Mean < 70 || High < 150);
}

/// <summary>
/// The image edits the pipeline's second looks need, in memory on <see cref="RgbImage"/>: quarter turns, a mirror,
/// and a low-light enhancement on luma. Each returns a new image; the input is never changed.
/// </summary>
public static class ImageOps
{
    /// <summary>Luma statistics over a grid of at most ~16k pixels (enough for percentiles to a grey level).</summary>
    public static LumaStats Measure(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        Span<int> histogram = stackalloc int[256];
        var step = Math.Max(1, (int)Math.Sqrt((double)image.Width * image.Height / 16384));
        var p = image.Pixels;
        long sum = 0;
        var n = 0;
        for (var y = 0; y < image.Height; y += step)
        {
            for (var x = 0; x < image.Width; x += step)
            {
                var i = ((y * image.Width) + x) * 3;
                var luma = Luma(p[i], p[i + 1], p[i + 2]);
                histogram[luma]++;
                sum += luma;
                n++;
            }
        }

        return new LumaStats((double)sum / n, Percentile(histogram, n, 0.02), Percentile(histogram, n, 0.98));
    }

    /// <summary>
    /// Brightens a dim image where its faces are: contrast-limited adaptive histogram equalisation (CLAHE; Zuiderveld,
    /// Graphics Gems IV, 1994) on luma, over <see cref="ClaheTiles"/>×<see cref="ClaheTiles"/> tiles with clip limit
    /// <see cref="ClaheClipLimit"/>, mappings interpolated bilinearly between tile centres. A face in shadow before a
    /// lit wall gets the contrast of its own tile, which no global curve gives it. Each pixel's RGB is scaled by its luma's
    /// gain, capped where a channel would clip, so colours keep their hue.
    /// </summary>
    public static RgbImage EnhanceLowLight(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (w, h, src) = (image.Width, image.Height, image.Pixels);
        var luma = new byte[w * h];
        for (var i = 0; i < luma.Length; i++)
        {
            luma[i] = (byte)Luma(src[3 * i], src[(3 * i) + 1], src[(3 * i) + 2]);
        }

        var maps = TileMappings(luma, w, h);
        var dst = new byte[src.Length];
        var (tileW, tileH) = (w / (double)ClaheTiles, h / (double)ClaheTiles);
        for (var y = 0; y < h; y++)
        {
            var fy = Math.Clamp(((y + 0.5) / tileH) - 0.5, 0, ClaheTiles - 1);
            var (ty0, wy) = ((int)fy, fy - (int)fy);
            var ty1 = Math.Min(ty0 + 1, ClaheTiles - 1);
            for (var x = 0; x < w; x++)
            {
                var fx = Math.Clamp(((x + 0.5) / tileW) - 0.5, 0, ClaheTiles - 1);
                var (tx0, wx) = ((int)fx, fx - (int)fx);
                var tx1 = Math.Min(tx0 + 1, ClaheTiles - 1);
                var v = luma[(y * w) + x];
                var mapped = ((1 - wy) * (((1 - wx) * maps[(ty0 * ClaheTiles) + tx0][v]) + (wx * maps[(ty0 * ClaheTiles) + tx1][v])))
                             + (wy * (((1 - wx) * maps[(ty1 * ClaheTiles) + tx0][v]) + (wx * maps[(ty1 * ClaheTiles) + tx1][v])));
                var i = ((y * w) + x) * 3;
                var (r, g, b) = (src[i], src[i + 1], src[i + 2]);
                var peak = Math.Max(r, Math.Max(g, b));
                if (v == 0 || peak == 0)
                {
                    dst[i] = dst[i + 1] = dst[i + 2] = (byte)mapped;
                    continue;
                }

                var gain = Math.Min(mapped / v, 255.0 / peak);
                dst[i] = (byte)(r * gain);
                dst[i + 1] = (byte)(g * gain);
                dst[i + 2] = (byte)(b * gain);
            }
        }

        return new RgbImage(w, h, dst);
    }

    /// <summary>CLAHE's grid: 8×8 tiles, as OpenCV's createCLAHE defaults to.</summary>
    public const int ClaheTiles = 8;

    /// <summary>A histogram bin may hold at most this many times the tile's mean bin count; the excess is spread over all bins (OpenCV's usual 2–4).</summary>
    public const double ClaheClipLimit = 3.0;

    private static byte[][] TileMappings(byte[] luma, int w, int h)
    {
        var maps = new byte[ClaheTiles * ClaheTiles][];
        Span<int> histogram = stackalloc int[256];
        for (var ty = 0; ty < ClaheTiles; ty++)
        {
            for (var tx = 0; tx < ClaheTiles; tx++)
            {
                histogram.Clear();
                int x0 = tx * w / ClaheTiles, x1 = Math.Max(x0 + 1, (tx + 1) * w / ClaheTiles);
                int y0 = ty * h / ClaheTiles, y1 = Math.Max(y0 + 1, (ty + 1) * h / ClaheTiles);
                for (var y = y0; y < Math.Min(y1, h); y++)
                {
                    for (var x = x0; x < Math.Min(x1, w); x++)
                    {
                        histogram[luma[(y * w) + x]]++;
                    }
                }

                var count = Math.Max(1, (Math.Min(y1, h) - y0) * (Math.Min(x1, w) - x0));
                var limit = Math.Max(1, (int)(ClaheClipLimit * count / 256));
                var excess = 0;
                for (var v = 0; v < 256; v++)
                {
                    if (histogram[v] > limit)
                    {
                        excess += histogram[v] - limit;
                        histogram[v] = limit;
                    }
                }

                var map = new byte[256];
                double cdf = 0;
                for (var v = 0; v < 256; v++)
                {
                    cdf += histogram[v] + (excess / 256.0);
                    map[v] = (byte)Math.Min(255, Math.Round(cdf * 255 / count));
                }

                maps[(ty * ClaheTiles) + tx] = map;
            }
        }

        return maps;
    }

    /// <summary>Left and right swapped.</summary>
    public static RgbImage Mirror(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (w, h, src) = (image.Width, image.Height, image.Pixels);
        var dst = new byte[src.Length];
        for (var y = 0; y < h; y++)
        {
            var row = y * w * 3;
            for (var x = 0; x < w; x++)
            {
                var from = row + (x * 3);
                var to = row + ((w - 1 - x) * 3);
                dst[to] = src[from];
                dst[to + 1] = src[from + 1];
                dst[to + 2] = src[from + 2];
            }
        }

        return new RgbImage(w, h, dst);
    }

    /// <summary>The image turned clockwise by <paramref name="quarterTurns"/> × 90° (0–3).</summary>
    public static RgbImage Turn(RgbImage image, int quarterTurns)
    {
        ArgumentNullException.ThrowIfNull(image);
        quarterTurns = ((quarterTurns % 4) + 4) % 4;
        if (quarterTurns == 0)
        {
            return image;
        }

        var (w, h, src) = (image.Width, image.Height, image.Pixels);
        var (tw, th) = quarterTurns == 2 ? (w, h) : (h, w);
        var dst = new byte[src.Length];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var (tx, ty) = quarterTurns switch
                {
                    1 => (h - 1 - y, x),
                    2 => (w - 1 - x, h - 1 - y),
                    _ => (y, w - 1 - x),
                };
                var from = ((y * w) + x) * 3;
                var to = ((ty * tw) + tx) * 3;
                dst[to] = src[from];
                dst[to + 1] = src[from + 1];
                dst[to + 2] = src[from + 2];
            }
        }

        return new RgbImage(tw, th, dst);
    }

    /// <summary>
    /// A point of an image turned by <paramref name="quarterTurns"/> (see <see cref="Turn"/>) back in the untouched
    /// image of size <paramref name="width"/>×<paramref name="height"/> (continuous pixel coordinates).
    /// </summary>
    public static Point2 Unturn(Point2 p, int quarterTurns, int width, int height) => (((quarterTurns % 4) + 4) % 4) switch
    {
        0 => p,
        1 => new Point2(p.Y, height - p.X),
        2 => new Point2(width - p.X, height - p.Y),
        _ => new Point2(width - p.Y, p.X),
    };

    /// <summary>A box of a turned image back in the untouched image (the box's corners turned back).</summary>
    public static FaceBox Unturn(FaceBox box, int quarterTurns, int width, int height)
    {
        var a = Unturn(new Point2(box.X, box.Y), quarterTurns, width, height);
        var b = Unturn(new Point2(box.X + box.Width, box.Y + box.Height), quarterTurns, width, height);
        return new FaceBox(Math.Min(a.X, b.X), Math.Min(a.Y, b.Y), Math.Abs(a.X - b.X), Math.Abs(a.Y - b.Y), box.Score);
    }

    private static int Luma(byte r, byte g, byte b) => ((77 * r) + (150 * g) + (29 * b)) >> 8;

    private static int Percentile(ReadOnlySpan<int> histogram, int n, double q)
    {
        var target = q * n;
        var seen = 0;
        for (var v = 0; v < 256; v++)
        {
            seen += histogram[v];
            if (seen >= target)
            {
                return v;
            }
        }

        return 255;
    }
}
