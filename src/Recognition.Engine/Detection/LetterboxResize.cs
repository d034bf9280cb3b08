using System.Buffers;
using System.Numerics;
using Classroom.Recognition.Imaging;

namespace Classroom.Recognition.Detection;

/// <summary>
/// The detectors' input step as face-api does it for a tensor input (src/dom/NetInput.ts toBatchTensor with
/// isCenterInputs = false): pad the image with black at the right or bottom to a square
/// (src/ops/padToSquare.ts), resize that square with tf.image.resizeBilinear (alignCorners = false,
/// halfPixelCenters = false), then normalise each channel. The resize reproduces the WASM backend's kernel
/// (XNNPACK resize-bilinear, TensorFlow legacy mode): float32 source position = destination × (in / out),
/// the floor and the next sample, interpolated horizontally then vertically as a + (b - a) × t.
/// Done in one pass from the RGB bytes into a planar (NCHW) float tensor, without building the padded or
/// resized image; each source row is interpolated horizontally (into planar R, G, B rows) once per output
/// row that uses it, and the vertical step runs on whole rows with SIMD (the same IEEE operations, in the
/// same order, as the scalar form).
/// </summary>
internal static class LetterboxResize
{
    /// <summary>
    /// Writes <c>value × scale + offset[channel]</c> of the letterboxed, resized image into
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
        var ratio = (float)square / size;
        var rowLength = 3 * size;
        var buffer = ArrayPool<float>.Shared.Rent(2 * rowLength);
        var firstColumn = ArrayPool<int>.Shared.Rent(size);
        var columnT = ArrayPool<float>.Shared.Rent(size);
        try
        {
            for (var x = 0; x < size; x++)
            {
                var position = x * ratio;
                firstColumn[x] = (int)MathF.Floor(position);
                columnT[x] = position - firstColumn[x];
            }

            var upper = buffer.AsSpan(0, rowLength);
            var lower = buffer.AsSpan(rowLength, rowLength);
            int upperRow = -1, lowerRow = -1;
            var plane = size * size;
            float o0 = offsets[0], o1 = offsets[1], o2 = offsets[2];
            for (var y = 0; y < size; y++)
            {
                var position = y * ratio;
                var top = (int)MathF.Floor(position);
                var bottom = Math.Min(top + 1, square - 1);
                var t = position - top;
                if (top != upperRow)
                {
                    if (top == lowerRow)
                    {
                        var swap = upper;
                        upper = lower;
                        lower = swap;
                        (upperRow, lowerRow) = (lowerRow, upperRow);
                    }
                    else
                    {
                        Horizontal(image, top, square, firstColumn, columnT, upper);
                        upperRow = top;
                    }
                }

                if (bottom != lowerRow)
                {
                    Horizontal(image, bottom, square, firstColumn, columnT, lower);
                    lowerRow = bottom;
                }

                var start = y * size;
                Vertical(upper[..size], lower[..size], t, scale, o0, destination.Slice(start, size));
                Vertical(upper.Slice(size, size), lower.Slice(size, size), t, scale, o1, destination.Slice(plane + start, size));
                Vertical(upper.Slice(2 * size, size), lower.Slice(2 * size, size), t, scale, o2, destination.Slice((2 * plane) + start, size));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
            ArrayPool<int>.Shared.Return(firstColumn);
            ArrayPool<float>.Shared.Return(columnT);
        }
    }

    /// <summary>(upper + (lower - upper) × t) × scale + offset over one row of one channel.</summary>
    private static void Vertical(ReadOnlySpan<float> upper, ReadOnlySpan<float> lower, float t, float scale, float offset, Span<float> output)
    {
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var (vt, vs, vo) = (new Vector<float>(t), new Vector<float>(scale), new Vector<float>(offset));
            for (; x <= output.Length - Vector<float>.Count; x += Vector<float>.Count)
            {
                var u = new Vector<float>(upper[x..]);
                (((u + ((new Vector<float>(lower[x..]) - u) * vt)) * vs) + vo).CopyTo(output[x..]);
            }
        }

        for (; x < output.Length; x++)
        {
            output[x] = ((upper[x] + ((lower[x] - upper[x]) * t)) * scale) + offset;
        }
    }

    /// <summary>One source row of the padded square, resampled horizontally to the output width (planar R, G, B).</summary>
    private static void Horizontal(RgbImage image, int row, int square, int[] firstColumn, float[] columnT, Span<float> output)
    {
        if (row >= image.Height)
        {
            output.Clear(); // the black padding below the image
            return;
        }

        var pixels = image.Pixels.AsSpan(row * image.Width * 3, image.Width * 3);
        var width = image.Width;
        var size = output.Length / 3;
        for (var x = 0; x < size; x++)
        {
            var left = firstColumn[x];
            var right = Math.Min(left + 1, square - 1);
            var t = columnT[x];
            if (right < width)
            {
                float r0 = pixels[3 * left], g0 = pixels[(3 * left) + 1], b0 = pixels[(3 * left) + 2];
                output[x] = r0 + ((pixels[3 * right] - r0) * t);
                output[size + x] = g0 + ((pixels[(3 * right) + 1] - g0) * t);
                output[(2 * size) + x] = b0 + ((pixels[(3 * right) + 2] - b0) * t);
            }
            else if (left < width)
            {
                // The right sample is in the black padding at the image's right edge.
                float r0 = pixels[3 * left], g0 = pixels[(3 * left) + 1], b0 = pixels[(3 * left) + 2];
                output[x] = r0 - (r0 * t);
                output[size + x] = g0 - (g0 * t);
                output[(2 * size) + x] = b0 - (b0 * t);
            }
            else
            {
                output[x] = output[size + x] = output[(2 * size) + x] = 0;
            }
        }
    }
}
