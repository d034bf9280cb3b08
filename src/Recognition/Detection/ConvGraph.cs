using Classroom.Recognition.Models.Onnx;
using Classroom.Recognition.Models.Tfjs;

namespace Classroom.Recognition.Detection;

/// <summary>The convolution building blocks of the detector graphs (NCHW), on top of <see cref="OnnxGraphBuilder"/>.</summary>
internal sealed class ConvGraph(string name)
{
    public OnnxGraphBuilder Graph { get; } = new(name);

    /// <summary>
    /// TensorFlow's "SAME" padding for one spatial axis: out = ceil(in / stride), the total padding
    /// max((out - 1) × stride + kernel - in, 0) split with the odd pixel at the end (bottom/right).
    /// </summary>
    public static (long Begin, long End, int Out) Same(int size, int kernel, int stride)
    {
        var output = (size + stride - 1) / stride;
        var total = Math.Max(((output - 1) * stride) + kernel - size, 0);
        return (total / 2, total - (total / 2), output);
    }

    /// <summary>A TF.js conv2d (HWIO filters) with optional bias and TF "SAME" padding on a square input.</summary>
    public string Conv(string x, TfjsTensor filters, float[]? bias, int size, int stride, out int outSize)
    {
        var weights = TfjsLayout.HwioToOihw(filters, out var dims);
        var (begin, end, output) = Same(size, (int)dims[2], stride);
        outSize = output;
        return Conv(x, weights, dims, bias, stride, [begin, begin, end, end], group: 1);
    }

    /// <summary>A plain ONNX Conv. <paramref name="pads"/> is [top, left, bottom, right].</summary>
    public string Conv(string x, float[] weights, long[] dims, float[]? bias, int stride, long[] pads, long group)
    {
        var inputs = new List<string> { x, Graph.AddInitializer("W", weights, dims) };
        if (bias is not null)
        {
            inputs.Add(Graph.AddInitializer("B", bias, dims[0]));
        }

        return Graph.AddNode(
            "Conv",
            inputs,
            OnnxAttribute.Ints("kernel_shape", dims[2], dims[3]),
            OnnxAttribute.Ints("strides", stride, stride),
            OnnxAttribute.Ints("pads", pads),
            OnnxAttribute.Int("group", group));
    }

    /// <summary>tf.clipByValue(x, 0, 6), i.e. ReLU6.</summary>
    public string Relu6(string x) =>
        Graph.AddNode("Clip", [x, Graph.AddInitializer("zero", [0f]), Graph.AddInitializer("six", [6f])]);

    /// <summary>Flattens an NCHW map to [1, H·W·C / last, last] in TensorFlow's NHWC element order.</summary>
    public string ToNhwcRows(string x, long last)
    {
        var nhwc = Graph.AddNode("Transpose", [x], OnnxAttribute.Ints("perm", 0, 2, 3, 1));
        return Graph.AddNode("Reshape", [nhwc, Graph.AddInitializer("shape", [1L, -1L, last], 3)]);
    }
}
