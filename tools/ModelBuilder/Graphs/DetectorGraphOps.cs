using Classroom.ModelBuilder.Onnx;

namespace Classroom.ModelBuilder.Graphs;

/// <summary>The detector graphs' layers that <see cref="GraphOps"/> does not cover (NCHW).</summary>
internal static class DetectorGraphOps
{
    /// <summary>A depthwise conv from ONNX-layout filters [C, 1, k, k] (e.g. with a batch norm folded in) and bias, TF "SAME".</summary>
    public static string DepthwiseConv(this OnnxGraphBuilder g, string x, float[] filters, long[] dims, float[] bias, ref int size, int stride)
    {
        var kernel = (int)dims[2];
        var (before, after) = GraphOps.TfSamePads(size, kernel, stride);
        size = GraphOps.TfOutputSize(size, kernel, stride, same: true);
        return g.AddNode(
            "Conv",
            [x, g.AddInitializer("dw_w", filters, dims), g.AddInitializer("dw_b", bias, dims[0])],
            OnnxAttribute.Ints("kernel_shape", kernel, kernel),
            OnnxAttribute.Ints("strides", stride, stride),
            OnnxAttribute.Ints("pads", before, before, after, after),
            OnnxAttribute.Int("group", dims[0]));
    }

    /// <summary>tf.maxPool(x, [k, k], stride, 'same'): TF's padding goes at the end and never wins the max.</summary>
    public static string MaxPoolSame(this OnnxGraphBuilder g, string x, ref int size, int kernel, int stride)
    {
        var (before, after) = GraphOps.TfSamePads(size, kernel, stride);
        size = GraphOps.TfOutputSize(size, kernel, stride, same: true);
        return g.AddNode(
            "MaxPool",
            [x],
            OnnxAttribute.Ints("kernel_shape", kernel, kernel),
            OnnxAttribute.Ints("strides", stride, stride),
            OnnxAttribute.Ints("pads", before, before, after, after));
    }

    /// <summary>tf.clipByValue(x, 0, 6), i.e. ReLU6.</summary>
    public static string Relu6(this OnnxGraphBuilder g, string x) =>
        g.AddNode("Clip", [x, g.AddInitializer("zero", [0f]), g.AddInitializer("six", [6f])]);

    /// <summary>src/tinyYolov2/leaky.ts: relu(x - 0.1x) + 0.1x, which is a leaky ReLU with slope 0.1.</summary>
    public static string Leaky(this OnnxGraphBuilder g, string x) =>
        g.AddNode("LeakyRelu", [x], OnnxAttribute.Float("alpha", 0.10000000149011612f));

    /// <summary>NCHW → NHWC, TensorFlow's element order.</summary>
    public static string ToNhwc(this OnnxGraphBuilder g, string x) =>
        g.AddNode("Transpose", [x], OnnxAttribute.Ints("perm", 0, 2, 3, 1));

    /// <summary>Flattens an NCHW map to [1, H·W·C / last, last] in TensorFlow's NHWC element order.</summary>
    public static string ToNhwcRows(this OnnxGraphBuilder g, string x, long last) =>
        g.AddNode("Reshape", [g.ToNhwc(x), g.AddInitializer("shape", [1L, -1L, last], 3)]);
}
