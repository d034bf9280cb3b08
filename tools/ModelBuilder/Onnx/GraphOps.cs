using Classroom.ModelBuilder.Tfjs;

namespace Classroom.ModelBuilder.Onnx;

/// <summary>The TF.js layers face-api's networks use, written as ONNX nodes (NCHW) with TensorFlow's padding rules.</summary>
internal static class GraphOps
{
    /// <summary>
    /// TensorFlow "SAME" padding for one spatial axis of a known size: total = max((out-1)*s + k - in, 0),
    /// the odd pixel going after (as ONNX SAME_UPPER does). Returns (before, after).
    /// </summary>
    public static (long Before, long After) TfSamePads(int inputSize, int kernel, int stride)
    {
        var output = (inputSize + stride - 1) / stride;
        var total = Math.Max(((output - 1) * stride) + kernel - inputSize, 0);
        return (total / 2, total - (total / 2));
    }

    /// <summary>Output size of a TF conv/pool along one axis ("same": ceil(in/s); "valid": ceil((in-k+1)/s)).</summary>
    public static int TfOutputSize(int inputSize, int kernel, int stride, bool same) =>
        same ? (inputSize + stride - 1) / stride : (inputSize - kernel + stride) / stride;

    /// <summary>
    /// Conv2D from TF.js HWIO filters and optional bias; when <paramref name="scale"/> is given the per-channel
    /// affine y*scale+shift that follows it (face-api's scale layer) is folded into the weights.
    /// </summary>
    public static string Conv(
        this OnnxGraphBuilder g, string x, TfjsTensor filters, TfjsTensor? bias, int inputSize, int stride, bool same,
        (TfjsTensor Scale, TfjsTensor Shift)? scale = null, string name = "conv")
    {
        var w = TfjsLayout.HwioToOihw(filters, out var dims);
        var b = bias is null ? new float[dims[0]] : (float[])bias.Data.Clone();
        if (scale is { } s)
        {
            var perOut = w.Length / (int)dims[0];
            for (var o = 0; o < dims[0]; o++)
            {
                var k = s.Scale.Data[o];
                w.AsSpan(o * perOut, perOut).Multiply(k);
                b[o] = (b[o] * k) + s.Shift.Data[o];
            }
        }

        var kernel = (int)dims[2];
        return g.AddNode("Conv", [x, g.AddInitializer(name + "_w", w, dims), g.AddInitializer(name + "_b", b, dims[0])],
            ConvAttributes(kernel, stride, same ? TfSamePads(inputSize, kernel, stride) : (0, 0), group: 1));
    }

    /// <summary>TF separableConv2d (depthwise with stride, then pointwise 1x1) plus bias, as two ONNX Convs.</summary>
    public static string SeparableConv(
        this OnnxGraphBuilder g, string x, TfjsTensor depthwise, TfjsTensor pointwise, TfjsTensor bias, int inputSize, int stride, string name)
    {
        var dw = TfjsLayout.DepthwiseToOnnx(depthwise, out var dwDims);
        var kernel = (int)dwDims[2];
        var depth = g.AddNode("Conv", [x, g.AddInitializer(name + "_dw", dw, dwDims)],
            ConvAttributes(kernel, stride, TfSamePads(inputSize, kernel, stride), group: dwDims[0]));
        var pw = TfjsLayout.HwioToOihw(pointwise, out var pwDims);
        return g.AddNode("Conv", [depth, g.AddInitializer(name + "_pw", pw, pwDims), g.AddInitializer(name + "_b", bias.Data, pwDims[0])],
            OnnxAttribute.Ints("kernel_shape", 1, 1));
    }

    /// <summary>Pooling ("MaxPool"/"AveragePool") with TF "valid" padding.</summary>
    public static string Pool(this OnnxGraphBuilder g, string op, string x, int kernel, int stride) =>
        g.AddNode(op, [x], OnnxAttribute.Ints("kernel_shape", kernel, kernel), OnnxAttribute.Ints("strides", stride, stride));

    public static string Relu(this OnnxGraphBuilder g, string x) => g.AddNode("Relu", [x]);

    public static string Add(this OnnxGraphBuilder g, string a, string b) => g.AddNode("Add", [a, b]);

    /// <summary>Zero padding at the end of each axis of an NCHW tensor (channels, height, width).</summary>
    public static string PadEnd(this OnnxGraphBuilder g, string x, long channels, long height, long width) =>
        g.AddNode("Pad", [x, g.AddInitializer("pads", new long[] { 0, 0, 0, 0, 0, channels, height, width }, 8)]);

    /// <summary>face-api's normalize(x, meanRgb).div(255) on an NCHW input of raw 0..255 RGB values.</summary>
    public static string SubtractMeanAndScale(this OnnxGraphBuilder g, string x, float[] meanRgb, float divisor)
    {
        var centred = g.AddNode("Sub", [x, g.AddInitializer("mean_rgb", meanRgb, 1, 3, 1, 1)]);
        return g.AddNode("Div", [centred, g.AddInitializer("divisor", [divisor], 1)]);
    }

    private static OnnxAttribute[] ConvAttributes(int kernel, int stride, (long Before, long After) pads, long group) =>
    [
        OnnxAttribute.Ints("kernel_shape", kernel, kernel),
        OnnxAttribute.Ints("strides", stride, stride),
        OnnxAttribute.Ints("pads", pads.Before, pads.Before, pads.After, pads.After),
        OnnxAttribute.Int("group", group),
    ];

    private static void Multiply(this Span<float> values, float factor)
    {
        foreach (ref var v in values)
        {
            v *= factor;
        }
    }
}
