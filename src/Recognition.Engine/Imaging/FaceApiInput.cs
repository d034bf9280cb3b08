namespace Classroom.Recognition.Imaging;

/// <summary>
/// face-api's way of turning an image region into a network input (src/dom/NetInput.ts toBatchTensor with
/// isCenterInputs = true): pad the region to a square with zeros (src/ops/padToSquare.ts: round(diff/2) after,
/// the rest before), then tf.image.resizeBilinear(size, alignCorners = false, halfPixelCenters = false).
/// Writes planar RGB floats 0..255 (one NCHW batch item).
/// </summary>
public static class FaceApiInput
{
    /// <summary>Where the region lands in the padded square: its offsets and the square's side, in source pixels.</summary>
    public readonly record struct SquarePadding(int OffsetX, int OffsetY, int Side);

    public static SquarePadding PadToSquare(int width, int height)
    {
        var diff = Math.Abs(height - width);
        var append = (int)Math.Floor((diff * 0.5) + 0.5); // JavaScript Math.round
        var prepend = diff - append;
        return height > width
            ? new SquarePadding(prepend, 0, height)
            : new SquarePadding(0, prepend, width);
    }

    /// <summary>Fills <paramref name="destination"/> (3*size*size floats, planar R, G, B) from a region of the image.</summary>
    /// <param name="region">x, y, width, height in whole pixels, inside the image.</param>
    public static void Write(RgbImage image, (int X, int Y, int Width, int Height) region, int size, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (rx, ry, rw, rh) = region;
        if (rw <= 0 || rh <= 0 || rx < 0 || ry < 0 || rx + rw > image.Width || ry + rh > image.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(region), $"Region {region} is empty or outside the {image.Width}x{image.Height} image.");
        }

        if (destination.Length != 3 * size * size)
        {
            throw new ArgumentException($"Destination needs {3 * size * size} floats.", nameof(destination));
        }

        var pad = PadToSquare(rw, rh);
        var plane = size * size;
        var scale = (float)pad.Side / size;
        var pixels = image.Pixels;
        var stride = image.Width * 3;

        for (var oy = 0; oy < size; oy++)
        {
            var sy = oy * scale;
            var y0 = (int)sy;
            var y1 = Math.Min(y0 + 1, pad.Side - 1);
            var fy = sy - y0;
            for (var ox = 0; ox < size; ox++)
            {
                var sx = ox * scale;
                var x0 = (int)sx;
                var x1 = Math.Min(x0 + 1, pad.Side - 1);
                var fx = sx - x0;
                for (var c = 0; c < 3; c++)
                {
                    float At(int qx, int qy)
                    {
                        var px = qx - pad.OffsetX;
                        var py = qy - pad.OffsetY;
                        return px < 0 || py < 0 || px >= rw || py >= rh ? 0f : pixels[((ry + py) * stride) + ((rx + px) * 3) + c];
                    }

                    var top = At(x0, y0) + ((At(x1, y0) - At(x0, y0)) * fx);
                    var bottom = At(x0, y1) + ((At(x1, y1) - At(x0, y1)) * fx);
                    destination[(c * plane) + (oy * size) + ox] = top + ((bottom - top) * fy);
                }
            }
        }
    }

    /// <summary>Planar RGB floats of a whole image, as it is (no padding, no resampling).</summary>
    public static void WritePlanar(RgbImage image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        var plane = image.Width * image.Height;
        var pixels = image.Pixels;
        for (var i = 0; i < plane; i++)
        {
            destination[i] = pixels[3 * i];
            destination[plane + i] = pixels[(3 * i) + 1];
            destination[(2 * plane) + i] = pixels[(3 * i) + 2];
        }
    }
}
