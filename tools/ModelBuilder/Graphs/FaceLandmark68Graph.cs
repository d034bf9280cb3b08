using Classroom.ModelBuilder.Onnx;
using Classroom.ModelBuilder.Tfjs;

namespace Classroom.ModelBuilder.Graphs;

/// <summary>
/// face-api's 68-point landmark net (src/faceLandmarkNet/FaceLandmark68Net.ts on the dense-block feature extractor of
/// src/faceFeatureExtractor/FaceFeatureExtractor.ts) as an ONNX graph. Input "face": [N,3,112,112] raw RGB 0..255;
/// output "landmarks": [N,136] interleaved x,y relative to the 112x112 input (before face-api's postProcess).
/// </summary>
internal static class FaceLandmark68Graph
{
    public const string ModelName = "face_landmark_68_model";

    /// <summary>FaceFeatureExtractor.forwardInput: input.toBatchTensor(112, true).</summary>
    public const int InputSize = 112;

    public const int PointCount = 68;

    /// <summary>FaceFeatureExtractor.forwardInput: the same mean as the recognition net, then .div(255).</summary>
    public static readonly float[] MeanRgb = [122.782f, 117.001f, 104.298f];

    public const float PixelDivisor = 255f;

    public static byte[] Build(TfjsWeights weights)
    {
        var g = new OnnxGraphBuilder(ModelName);
        var x = g.SubtractMeanAndScale(g.AddInput("face", -1, 3, InputSize, InputSize), MeanRgb, PixelDivisor);
        var size = InputSize;
        for (var block = 0; block < 4; block++)
        {
            x = DenseBlock4(g, weights, $"dense{block}", x, size, isFirstLayer: block == 0);
            size = GraphOps.TfOutputSize(size, 3, 2, same: true);
        }

        // avgPool([7, 7], [2, 2], 'valid') leaves 1x1x256; as2D(batch, -1); fullyConnectedLayer: x·W + b.
        x = g.Pool("AveragePool", x, 7, 2);
        var flat = g.AddNode("Flatten", [x], OnnxAttribute.Int("axis", 1));
        var w = weights["fc/weights"];
        var product = g.AddNode("MatMul", [flat, g.AddInitializer("fc_w", w.Data, w.Shape[0], w.Shape[1])]);
        var output = g.Add(product, g.AddInitializer("fc_b", weights["fc/bias"].Data, PointCount * 2));
        g.Rename(output, "landmarks");
        g.AddOutput("landmarks", [-1, PointCount * 2]);
        return g.ToModelBytes();
    }

    /// <summary>
    /// denseBlock.ts denseBlock4 (isScaleDown): out1 = relu(conv0 stride 2); each next separable conv sees
    /// relu of the sum of all earlier outputs; the block returns relu(out1 + out2 + out3 + out4).
    /// </summary>
    private static string DenseBlock4(OnnxGraphBuilder g, TfjsWeights w, string prefix, string x, int inputSize, bool isFirstLayer)
    {
        var out1 = g.Relu(isFirstLayer
            ? g.Conv(x, w[$"{prefix}/conv0/filters"], w[$"{prefix}/conv0/bias"], inputSize, 2, same: true, name: $"{prefix}_conv0")
            : Separable(g, w, $"{prefix}/conv0", x, inputSize, 2));
        var size = GraphOps.TfOutputSize(inputSize, 3, 2, same: true);

        var sum = out1;
        for (var i = 1; i <= 3; i++)
        {
            var input = i == 1 ? out1 : g.Relu(sum);
            sum = g.Add(sum, Separable(g, w, $"{prefix}/conv{i}", input, size, 1));
        }

        return g.Relu(sum);
    }

    /// <summary>depthwiseSeparableConv.ts: separableConv2d(..., 'same') + bias.</summary>
    private static string Separable(OnnxGraphBuilder g, TfjsWeights w, string prefix, string x, int inputSize, int stride) =>
        g.SeparableConv(x, w[$"{prefix}/depthwise_filter"], w[$"{prefix}/pointwise_filter"], w[$"{prefix}/bias"],
            inputSize, stride, prefix.Replace('/', '_'));
}
