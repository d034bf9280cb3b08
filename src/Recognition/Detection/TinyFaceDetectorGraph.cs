using Classroom.Recognition.Models.Onnx;
using Classroom.Recognition.Models.Tfjs;

namespace Classroom.Recognition.Detection;

/// <summary>
/// Builds face-api's Tiny face detector (src/tinyFaceDetector/TinyFaceDetector.ts: TinyYolov2Base with
/// separable convolutions, first layer a plain conv2d, filter sizes 3, 16, 32, 64, 128, 256, 512) as an ONNX
/// graph for one square input size. Its weights already carry the batch norm folded into the filters and
/// biases. Input "input" [1, 3, size, size] normalised to (x - mean RGB) / 255; output "output"
/// [1, cells, cells, 25] in TensorFlow's NHWC order: per cell, 5 anchors × (x, y, w, h, score) logits — the
/// tensor face-api's forwardInput returns. Decoding and NMS stay in C#.
/// </summary>
internal static class TinyFaceDetectorGraph
{
    /// <summary>Bump when the graph changes, so cached ONNX files are rebuilt.</summary>
    public const int Version = 1;

    /// <summary>5 anchors × (x, y, w, h, score): TinyYolov2Base.boxEncodingSize without class scores.</summary>
    public const int Channels = 25;

    /// <summary>src/tinyYolov2/leaky.ts: leaky ReLU with slope 0.10000000149011612 (0.1f).</summary>
    private const float LeakySlope = 0.1f;

    /// <summary>The number of output cells per side: conv0 'valid' (-2), five stride-2 'same' max pools (ceil).</summary>
    public static int CellCount(int inputSize)
    {
        var size = inputSize - 2;
        for (var i = 0; i < 5; i++)
        {
            size = (size + 1) / 2;
        }

        return size;
    }

    public static byte[] Build(TfjsWeights w, int inputSize)
    {
        ArgumentNullException.ThrowIfNull(w);
        var g = new ConvGraph($"tiny_face_detector_{inputSize}");
        var x = g.Graph.AddInput("input", 1, 3, inputSize, inputSize);

        // TinyYolov2Base.runMobilenet: leaky(convLayer(x, conv0, 'valid')), then max pools and separable convs.
        var size = inputSize;
        var conv0 = TfjsLayout.HwioToOihw(w["conv0/filters"], out var dims0);
        x = Leaky(g, g.Conv(x, conv0, dims0, w["conv0/bias"].Data, 1, [0, 0, 0, 0], group: 1));
        size -= 2;
        for (var layer = 1; layer <= 5; layer++)
        {
            x = MaxPool(g, x, ref size, 2);
            x = SeparableConv(g, x, w, $"conv{layer}");
        }

        x = MaxPool(g, x, ref size, 1);
        var conv8 = TfjsLayout.HwioToOihw(w["conv8/filters"], out var dims8);
        x = g.Conv(x, conv8, dims8, w["conv8/bias"].Data, 1, [0, 0, 0, 0], group: 1);
        var nhwc = g.Graph.AddNode("Transpose", [x], OnnxAttribute.Ints("perm", 0, 2, 3, 1));
        g.Graph.Rename(nhwc, "output");
        g.Graph.AddOutput("output", [1, size, size, Channels]);
        return g.Graph.ToModelBytes();
    }

    /// <summary>tf.maxPool(x, [2, 2], stride, 'same'): TF's padding goes at the end and never wins the max.</summary>
    private static string MaxPool(ConvGraph g, string x, ref int size, int stride)
    {
        var (begin, end, output) = ConvGraph.Same(size, 2, stride);
        size = output;
        return g.Graph.AddNode(
            "MaxPool",
            [x],
            OnnxAttribute.Ints("kernel_shape", 2, 2),
            OnnxAttribute.Ints("strides", stride, stride),
            OnnxAttribute.Ints("pads", begin, begin, end, end));
    }

    /// <summary>depthwiseSeparableConv.ts: pad 1, depthwise 3×3, pointwise 1×1 + bias, leaky.</summary>
    private static string SeparableConv(ConvGraph g, string x, TfjsWeights w, string prefix)
    {
        var depthwise = TfjsLayout.DepthwiseToOnnx(w[$"{prefix}/depthwise_filter"], out var dDims);
        var pointwise = TfjsLayout.HwioToOihw(w[$"{prefix}/pointwise_filter"], out var pDims);
        x = g.Conv(x, depthwise, dDims, null, 1, [1, 1, 1, 1], group: dDims[0]);
        return Leaky(g, g.Conv(x, pointwise, pDims, w[$"{prefix}/bias"].Data, 1, [0, 0, 0, 0], group: 1));
    }

    private static string Leaky(ConvGraph g, string x) => g.Graph.AddNode("LeakyRelu", [x], OnnxAttribute.Float("alpha", LeakySlope));
}
