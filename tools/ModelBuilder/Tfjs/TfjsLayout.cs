namespace Classroom.ModelBuilder.Tfjs;

/// <summary>Converts TF.js (TensorFlow) weight layouts to the ONNX ones.</summary>
public static class TfjsLayout
{
    /// <summary>Conv2D filters: TensorFlow HWIO [kh, kw, in, out] → ONNX OIHW [out, in, kh, kw].</summary>
    public static float[] HwioToOihw(TfjsTensor t, out long[] dims)
    {
        var (kh, kw, ci, co) = Dims4(t);
        var result = new float[t.Data.Length];
        for (var h = 0; h < kh; h++)
        {
            for (var w = 0; w < kw; w++)
            {
                for (var i = 0; i < ci; i++)
                {
                    for (var o = 0; o < co; o++)
                    {
                        result[(((o * ci) + i) * kh + h) * kw + w] = t.Data[(((h * kw) + w) * ci + i) * co + o];
                    }
                }
            }
        }

        dims = [co, ci, kh, kw];
        return result;
    }

    /// <summary>
    /// Depthwise filters: TensorFlow [kh, kw, in, multiplier] → ONNX grouped Conv weights
    /// [in * multiplier, 1, kh, kw], used with group = in.
    /// </summary>
    public static float[] DepthwiseToOnnx(TfjsTensor t, out long[] dims)
    {
        var (kh, kw, ci, m) = Dims4(t);
        var result = new float[t.Data.Length];
        for (var h = 0; h < kh; h++)
        {
            for (var w = 0; w < kw; w++)
            {
                for (var i = 0; i < ci; i++)
                {
                    for (var k = 0; k < m; k++)
                    {
                        result[(((i * m) + k) * kh + h) * kw + w] = t.Data[(((h * kw) + w) * ci + i) * m + k];
                    }
                }
            }
        }

        dims = [ci * m, 1, kh, kw];
        return result;
    }

    private static (int, int, int, int) Dims4(TfjsTensor t) => t.Shape.Length == 4
        ? (t.Shape[0], t.Shape[1], t.Shape[2], t.Shape[3])
        : throw new ArgumentException($"Weight '{t.Name}' has shape [{string.Join(',', t.Shape)}], expected 4 dimensions.");
}
