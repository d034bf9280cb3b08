using Classroom.ModelBuilder.Onnx;
using Classroom.ModelBuilder.Tfjs;

namespace Classroom.ModelBuilder.Graphs;

/// <summary>
/// dlib's face recognition ResNet (dlib_face_recognition_resnet_model_v1, the network behind Python
/// face_recognition) as face-api ports it in src/faceRecognitionNet/FaceRecognitionNet.ts, written as an ONNX graph.
/// Input "chip": [N,3,150,150] raw RGB 0..255; output "descriptor": [N,128].
/// </summary>
internal static class DlibResNetGraph
{
    public const string ModelName = "face_recognition_model";

    /// <summary>FaceRecognitionNet.forwardInput: input.toBatchTensor(150, true).</summary>
    public const int InputSize = 150;

    public const int DescriptorLength = 128;

    /// <summary>FaceRecognitionNet.forwardInput: meanRgb = [122.782, 117.001, 104.298], then .div(255).</summary>
    public static readonly float[] MeanRgb = [122.782f, 117.001f, 104.298f];

    public const float PixelDivisor = 255f;

    public static byte[] Build(TfjsWeights weights)
    {
        var g = new OnnxGraphBuilder(ModelName);
        var x = g.SubtractMeanAndScale(g.AddInput("chip", -1, 3, InputSize, InputSize), MeanRgb, PixelDivisor);

        // convDown: 7x7 stride 2 'valid', then maxPool(3, 2, 'valid').
        var size = InputSize;
        x = g.Relu(ConvLayer(g, weights, "conv32_down", x, size, stride: 2, same: false));
        size = GraphOps.TfOutputSize(size, 7, 2, same: false);
        x = g.Pool("MaxPool", x, 3, 2);
        size = GraphOps.TfOutputSize(size, 3, 2, same: false);

        var channels = 32;
        foreach (var (block, down, outChannels) in Blocks)
        {
            (x, size) = down
                ? ResidualDown(g, weights, block, x, size, channels, outChannels)
                : (Residual(g, weights, block, x, size), size);
            channels = outChannels;
        }

        // out.mean([1, 2]) then matMul(globalAvg, fc) with fc [256, 128].
        var pooled = g.AddNode("ReduceMean", [x], OnnxAttribute.Ints("axes", 2, 3), OnnxAttribute.Int("keepdims", 0));
        var fc = weights["fc"];
        var descriptor = g.AddNode("MatMul", [pooled, g.AddInitializer("fc", fc.Data, fc.Shape[0], fc.Shape[1])]);
        g.Rename(descriptor, "descriptor");
        g.AddOutput("descriptor", [-1, DescriptorLength]);
        return g.ToModelBytes();
    }

    /// <summary>The residual stages in FaceRecognitionNet.forwardInput's order: (weight prefix, residualDown?, channels out).</summary>
    private static readonly (string Block, bool Down, int Channels)[] Blocks =
    [
        ("conv32_1", false, 32), ("conv32_2", false, 32), ("conv32_3", false, 32),
        ("conv64_down", true, 64), ("conv64_1", false, 64), ("conv64_2", false, 64), ("conv64_3", false, 64),
        ("conv128_down", true, 128), ("conv128_1", false, 128), ("conv128_2", false, 128),
        ("conv256_down", true, 256), ("conv256_1", false, 256), ("conv256_2", false, 256),
        ("conv256_down_out", true, 256),
    ];

    /// <summary>convLayer.ts: conv2d + bias, then the scale layer (x*weights + biases), folded into one Conv.</summary>
    private static string ConvLayer(OnnxGraphBuilder g, TfjsWeights w, string prefix, string x, int size, int stride, bool same) =>
        g.Conv(x, w[$"{prefix}/conv/filters"], w[$"{prefix}/conv/bias"], size, stride, same,
            (w[$"{prefix}/scale/weights"], w[$"{prefix}/scale/biases"]), prefix.Replace('/', '_'));

    /// <summary>residualLayer.ts residual: relu(convNoRelu(conv(x)) + x).</summary>
    private static string Residual(OnnxGraphBuilder g, TfjsWeights w, string block, string x, int size)
    {
        var y = g.Relu(ConvLayer(g, w, $"{block}/conv1", x, size, 1, same: true));
        y = ConvLayer(g, w, $"{block}/conv2", y, size, 1, same: true);
        return g.Relu(g.Add(y, x));
    }

    /// <summary>
    /// residualLayer.ts residualDown: the conv path downsamples with a 3x3 stride-2 'valid' conv; the shortcut is
    /// avgPool(2, 2, 'valid') with zero channels appended; when the conv path comes out one pixel smaller, face-api
    /// appends a zero row and column to it.
    /// </summary>
    private static (string, int) ResidualDown(OnnxGraphBuilder g, TfjsWeights w, string block, string x, int size, int channelsIn, int channelsOut)
    {
        var y = g.Relu(ConvLayer(g, w, $"{block}/conv1", x, size, 2, same: false));
        var convSize = GraphOps.TfOutputSize(size, 3, 2, same: false);
        y = ConvLayer(g, w, $"{block}/conv2", y, convSize, 1, same: true);

        var shortcut = g.Pool("AveragePool", x, 2, 2);
        var poolSize = GraphOps.TfOutputSize(size, 2, 2, same: false);
        if (channelsOut != channelsIn)
        {
            shortcut = g.PadEnd(shortcut, channelsOut - channelsIn, 0, 0);
        }

        if (poolSize != convSize)
        {
            y = g.PadEnd(y, 0, poolSize - convSize, poolSize - convSize);
        }

        return (g.Relu(g.Add(shortcut, y)), poolSize);
    }
}
