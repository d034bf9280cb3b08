namespace Classroom.Recognition.Tests.Parity;

/// <summary>Memory order of a rank-4 image tensor.</summary>
public enum FaceApiLayout
{
    /// <summary>[N, H, W, C]: what face-api (TF.js) holds and writes.</summary>
    Nhwc,

    /// <summary>[N, C, H, W]: what ONNX convolution graphs usually take.</summary>
    Nchw,
}

/// <summary>A float32 tensor exchanged with face-api: shape and row-major data.</summary>
public sealed class FaceApiTensor
{
    public FaceApiTensor(IReadOnlyList<int> shape, float[] data, FaceApiLayout layout = FaceApiLayout.Nhwc)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        var count = shape.Aggregate(1L, (a, d) => d >= 0 ? a * d : throw new ArgumentException($"Negative dimension in [{string.Join(',', shape)}].", nameof(shape)));
        if (count != data.Length)
        {
            throw new ArgumentException($"Shape [{string.Join(',', shape)}] needs {count} values, got {data.Length}.", nameof(data));
        }

        Shape = [.. shape];
        Data = data;
        Layout = layout;
    }

    public IReadOnlyList<int> Shape { get; }

    public float[] Data { get; }

    /// <summary>Meaningful for rank-4 image tensors only; face-api's outputs are all NHWC / row-major.</summary>
    public FaceApiLayout Layout { get; }

    /// <summary>Shape as ONNX Runtime wants it.</summary>
    public long[] LongShape => [.. Shape.Select(d => (long)d)];

    /// <summary>The same values reordered to NCHW (rank 4, NHWC in): to feed an ONNX graph or compare with its output.</summary>
    public FaceApiTensor ToNchw()
    {
        if (Layout == FaceApiLayout.Nchw)
        {
            return this;
        }

        var (n, h, w, c) = Dims();
        var o = new float[Data.Length];
        for (var b = 0; b < n; b++)
        {
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    for (var k = 0; k < c; k++)
                    {
                        o[(((b * c) + k) * h + y) * w + x] = Data[(((b * h) + y) * w + x) * c + k];
                    }
                }
            }
        }

        return new FaceApiTensor([n, c, h, w], o, FaceApiLayout.Nchw);
    }

    private (int N, int H, int W, int C) Dims() => Shape.Count == 4
        ? (Shape[0], Shape[1], Shape[2], Shape[3])
        : throw new InvalidOperationException($"Layout conversion needs a rank-4 tensor, this one is [{string.Join(',', Shape)}].");
}
