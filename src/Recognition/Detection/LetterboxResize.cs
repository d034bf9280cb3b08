using Classroom.Recognition.Imaging;

namespace Classroom.Recognition.Detection;

/// <summary>
/// The detectors' input step as face-api does it for a tensor input (src/dom/NetInput.ts toBatchTensor with
/// isCenterInputs = false): pad the image with black at the right or bottom to a square
/// (src/ops/padToSquare.ts), resize that square with tf.image.resizeBilinear (alignCorners = false,
/// halfPixelCenters = false: source = destination × in/out, no half-pixel shift), then normalise each channel.
/// Done in one pass straight from the RGB bytes into a planar (NCHW) float tensor, without building the
/// padded or resized image.
/// </summary>
internal static class LetterboxResize
{
    /// <summary>
    /// Writes <c>value × scale + offset</c> of the letterboxed, resized image into
    /// <paramref name="destination"/> (3 planes of size × size, R then G then B).
    /// </summary>
    public static void ToPlanar(RgbImage image, int size, float scale, ReadOnlySpan<float> offsets, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (offsets.Length != 3 || destination.Length != 3 * size * size)
        {
            throw new ArgumentException($"Expected 3 offsets and {3 * size * size} destination values.");
        }

        var square = Math.Max(image.Width, image.Height);
        var columns = Taps(size, square, image.Width, 3);
        var rows = Taps(size, square, image.Height, image.Width * 3);
        var pixels = image.Pixels;
        var plane = size * size;
        float o0 = offsets[0], o1 = offsets[1], o2 = offsets[2];

        for (var y = 0; y < size; y++)
        {
            var (top, bottom, wTop, wBottom) = rows[y];
            var rowStart = y * size;
            for (var x = 0; x < size; x++)
            {
                var (left, right, wLeft, wRight) = columns[x];
                int tl = top + left, tr = top + right, bl = bottom + left, br = bottom + right;
                float r = (wTop * ((wLeft * pixels[tl]) + (wRight * pixels[tr]))) + (wBottom * ((wLeft * pixels[bl]) + (wRight * pixels[br])));
                float g = (wTop * ((wLeft * pixels[tl + 1]) + (wRight * pixels[tr + 1]))) + (wBottom * ((wLeft * pixels[bl + 1]) + (wRight * pixels[br + 1])));
                float b = (wTop * ((wLeft * pixels[tl + 2]) + (wRight * pixels[tr + 2]))) + (wBottom * ((wLeft * pixels[bl + 2]) + (wRight * pixels[br + 2])));
                var i = rowStart + x;
                destination[i] = (r * scale) + o0;
                destination[plane + i] = (g * scale) + o1;
                destination[(2 * plane) + i] = (b * scale) + o2;
            }
        }
    }

    /// <summary>
    /// For each output index along one axis: the byte offsets of the two source samples and their weights,
    /// as tf.image.resizeBilinear picks them over the padded square (source = i × square / size, floor and
    /// the next one, clamped to the square). A sample in the black padding (index ≥ extent) gets weight 0
    /// and a harmless in-image offset, so the inner loop needs no branch.
    /// </summary>
    private static (int First, int Second, float WFirst, float WSecond)[] Taps(int size, int square, int extent, int stride)
    {
        var taps = new (int, int, float, float)[size];
        var ratio = (double)square / size;
        for (var i = 0; i < size; i++)
        {
            var source = i * ratio;
            var first = (int)Math.Floor(source);
            var second = Math.Min(square - 1, (int)Math.Ceiling(source));
            var fraction = (float)(source - first);
            var wFirst = first < extent ? 1 - fraction : 0f;
            var wSecond = second < extent ? fraction : 0f;
            taps[i] = (Math.Min(first, extent - 1) * stride, Math.Min(second, extent - 1) * stride, wFirst, wSecond);
        }

        return taps;
    }
}
