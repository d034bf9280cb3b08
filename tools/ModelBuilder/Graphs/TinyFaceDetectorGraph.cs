using Classroom.ModelBuilder.Onnx;
using Classroom.ModelBuilder.Tfjs;

namespace Classroom.ModelBuilder.Graphs;

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
    /// <summary>5 anchors × (x, y, w, h, score): TinyYolov2Base.boxEncodingSize without class scores.</summary>
    public const int Channels = 25;

    public static byte[] Build(TfjsWeights w, int inputSize)
    {
        ArgumentNullException.ThrowIfNull(w);
        var g = new OnnxGraphBuilder($"tiny_face_detector_{inputSize}");
        var x = g.AddInput("input", 1, 3, inputSize, inputSize);

        // TinyYolov2Base.runMobilenet: leaky(convLayer(x, conv0, 'valid')), then max pools and separable convs
        // (depthwiseSeparableConv.ts: pad 1 + 'valid' 3x3 = TF 'same' at stride 1; pointwise 1x1 + bias; leaky).
        var size = inputSize;
        x = g.Leaky(g.Conv(x, w["conv0/filters"], w["conv0/bias"], size, 1, same: false));
        size = GraphOps.TfOutputSize(size, 3, 1, same: false);
        for (var layer = 1; layer <= 5; layer++)
        {
            x = g.MaxPoolSame(x, ref size, 2, 2);
            x = g.Leaky(g.SeparableConv(x, w[$"conv{layer}/depthwise_filter"], w[$"conv{layer}/pointwise_filter"], w[$"conv{layer}/bias"], size, 1, $"conv{layer}"));
        }

        x = g.MaxPoolSame(x, ref size, 2, 1);
        x = g.Conv(x, w["conv8/filters"], w["conv8/bias"], size, 1, same: false);
        g.Rename(g.ToNhwc(x), "output");
        g.AddOutput("output", [1, size, size, Channels]);
        return g.ToModelBytes();
    }
}
