using Classroom.ModelBuilder.Onnx;
using Classroom.ModelBuilder.Tfjs;

namespace Classroom.ModelBuilder.Graphs;

/// <summary>
/// Builds face-api's SSD MobileNetV1 face detector (src/ssdMobilenetv1/) as an ONNX graph from its TF.js
/// weights: the MobileNetV1 backbone (mobileNetV1.ts), the extra feature layers and the six box predictors
/// (predictionLayer.ts, boxPredictionLayer.ts) and the output layer (outputLayer.ts: anchor decoding and
/// sigmoid). Input "input" [1, 3, 512, 512], already normalised to x / 127.5 - 1; outputs "boxes"
/// [1, 5118, 4] (ymin, xmin, ymax, xmax relative to the padded square) and "scores" [1, 5118], exactly the
/// two tensors face-api's forwardInput returns. Non-max suppression stays in C#.
/// </summary>
internal static class SsdMobilenetV1Graph
{
    /// <summary>src/ssdMobilenetv1/SsdMobilenetv1.ts line 25: toBatchTensor(512, false).</summary>
    public const int InputSize = 512;

    /// <summary>Anchors in Output/extra_dim: 32²·3 + 16²·6 + 8²·6 + 4²·6 + 2²·6 + 1·6.</summary>
    public const int AnchorCount = 5118;

    /// <summary>src/ssdMobilenetv1/mobileNetV1.ts line 6: the batch-norm epsilon.</summary>
    private const double BatchNormEpsilon = 0.0010000000474974513;

    /// <summary>src/ssdMobilenetv1/mobileNetV1.ts line 24: depthwise layers 2, 4, 6 and 12 have stride 2.</summary>
    private static readonly int[] StrideTwoLayers = [2, 4, 6, 12];

    public static byte[] Build(TfjsWeights w)
    {
        ArgumentNullException.ThrowIfNull(w);
        var g = new OnnxGraphBuilder("ssd_mobilenetv1");
        var x = g.AddInput("input", 1, 3, InputSize, InputSize);

        // Backbone: conv_0 then 13 depthwise + pointwise pairs; conv11 feeds the first box predictor.
        var size = InputSize;
        x = Pointwise(g, x, w, "MobilenetV1/Conv2d_0_pointwise", ref size, 2);
        string? conv11 = null;
        var conv11Size = 0;
        for (var layer = 1; layer <= 13; layer++)
        {
            x = Depthwise(g, x, w, $"MobilenetV1/Conv2d_{layer}_depthwise", ref size, StrideTwoLayers.Contains(layer) ? 2 : 1);
            x = Pointwise(g, x, w, $"MobilenetV1/Conv2d_{layer}_pointwise", ref size, 1);
            if (layer == 11)
            {
                (conv11, conv11Size) = (x, size);
            }
        }

        // predictionLayer.ts: eight more pointwise layers, strides 1, 2, 1, 2, ...; predictors on conv11, x, conv1, 3, 5, 7.
        var features = new List<(string Value, int Size)> { (conv11!, conv11Size), (x, size) };
        var p = x;
        for (var i = 0; i < 8; i++)
        {
            p = Pointwise(g, p, w, $"Prediction/Conv2d_{i}_pointwise", ref size, i % 2 == 1 ? 2 : 1);
            if (i % 2 == 1)
            {
                features.Add((p, size));
            }
        }

        var boxEncodings = new List<string>();
        var classLogits = new List<string>();
        for (var i = 0; i < features.Count; i++)
        {
            var (value, featureSize) = features[i];
            var prefix = $"Prediction/BoxPredictor_{i}";
            var boxFilters = w[$"{prefix}/BoxEncodingPredictor/weights"];
            boxEncodings.Add(g.ToNhwcRows(g.Conv(value, boxFilters, w[$"{prefix}/BoxEncodingPredictor/biases"], featureSize, 1, same: true), 4));
            classLogits.Add(g.ToNhwcRows(FaceClassConv(g, value, w, prefix, featureSize), 1));
        }

        var encodings = g.AddNode("Concat", boxEncodings, OnnxAttribute.Int("axis", 1));
        var logits = g.AddNode("Concat", classLogits, OnnxAttribute.Int("axis", 1));
        var scores = g.AddNode("Reshape", [g.AddNode("Sigmoid", [logits]), g.AddInitializer("shape", [1L, AnchorCount], 2)]);
        g.Rename(scores, "scores");
        g.Rename(DecodeBoxes(g, encodings, w["Output/extra_dim"]), "boxes");
        g.AddOutput("boxes", [1, AnchorCount, 4]);
        g.AddOutput("scores", [1, AnchorCount]);
        return g.ToModelBytes();
    }

    /// <summary>pointwiseConvLayer.ts: conv2d 'same' + batch_norm_offset, clipped to [0, 6].</summary>
    private static string Pointwise(OnnxGraphBuilder g, string x, TfjsWeights w, string prefix, ref int size, int stride)
    {
        var filters = w[$"{prefix}/weights"];
        var conv = g.Conv(x, filters, w[$"{prefix}/convolution_bn_offset"], size, stride, same: true);
        size = GraphOps.TfOutputSize(size, filters.Shape[0], stride, same: true);
        return g.Relu6(conv);
    }

    /// <summary>
    /// mobileNetV1.ts depthwiseConvLayer: depthwise conv 'same', batch norm, clip [0, 6]. The batch norm
    /// (x - mean) · gamma / sqrt(var + eps) + beta is folded into the filters and a bias at build time.
    /// </summary>
    private static string Depthwise(OnnxGraphBuilder g, string x, TfjsWeights w, string prefix, ref int size, int stride)
    {
        var filters = TfjsLayout.DepthwiseToOnnx(w[$"{prefix}/depthwise_weights"], out var dims);
        var gamma = w[$"{prefix}/BatchNorm/gamma"].Data;
        var beta = w[$"{prefix}/BatchNorm/beta"].Data;
        var mean = w[$"{prefix}/BatchNorm/moving_mean"].Data;
        var variance = w[$"{prefix}/BatchNorm/moving_variance"].Data;
        var channels = (int)dims[0];
        var perChannel = filters.Length / channels;
        var bias = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var factor = gamma[c] / Math.Sqrt(variance[c] + BatchNormEpsilon);
            for (var k = 0; k < perChannel; k++)
            {
                filters[(c * perChannel) + k] = (float)(filters[(c * perChannel) + k] * factor);
            }

            bias[c] = (float)(beta[c] - (mean[c] * factor));
        }

        return g.Relu6(g.DepthwiseConv(x, filters, dims, bias, ref size, stride));
    }

    /// <summary>
    /// The class predictor emits (background, face, unused) per anchor; outputLayer.ts keeps only the face
    /// logit (slice begin 1, then the first of the rest), so only those output channels are built.
    /// </summary>
    private static string FaceClassConv(OnnxGraphBuilder g, string x, TfjsWeights w, string prefix, int size)
    {
        var filters = w[$"{prefix}/ClassPredictor/weights"];
        var bias = w[$"{prefix}/ClassPredictor/biases"].Data;
        var (inputs, outputs) = (filters.Shape[2], filters.Shape[3]);
        var anchors = outputs / 3;
        var faceData = new float[inputs * anchors];
        var faceBias = new float[anchors];
        for (var a = 0; a < anchors; a++)
        {
            for (var i = 0; i < inputs; i++)
            {
                faceData[(i * anchors) + a] = filters.Data[(i * outputs) + (3 * a) + 1];
            }

            faceBias[a] = bias[(3 * a) + 1];
        }

        return g.Conv(x, new TfjsTensor(filters.Name, [1, 1, inputs, anchors], faceData), new TfjsTensor(prefix, [anchors], faceBias), size, 1, same: true);
    }

    /// <summary>
    /// outputLayer.ts decodeBoxesLayer with the anchors (ymin, xmin, ymax, xmax) of Output/extra_dim:
    /// centre = t_yx / 10 · anchor size + anchor centre, half size = exp(t_hw / 5) · anchor size / 2.
    /// </summary>
    private static string DecodeBoxes(OnnxGraphBuilder g, string encodings, TfjsTensor anchors)
    {
        if (anchors.Data.Length != AnchorCount * 4)
        {
            throw new InvalidDataException($"Output/extra_dim has {anchors.Data.Length / 4} anchors, expected {AnchorCount}.");
        }

        var sizeTenth = new float[AnchorCount * 2];
        var halfSize = new float[AnchorCount * 2];
        var centre = new float[AnchorCount * 2];
        for (var a = 0; a < AnchorCount; a++)
        {
            for (var axis = 0; axis < 2; axis++)
            {
                var min = anchors.Data[(4 * a) + axis];
                var extent = anchors.Data[(4 * a) + axis + 2] - min;
                sizeTenth[(2 * a) + axis] = extent / 10;
                halfSize[(2 * a) + axis] = extent / 2;
                centre[(2 * a) + axis] = min + (extent / 2);
            }
        }

        var parts = g.AddNode("Split", [encodings, g.AddInitializer("split", [2L, 2L], 2)], 2, OnnxAttribute.Int("axis", 2));
        var centres = g.AddNode("Add", [g.AddNode("Mul", [parts[0], g.AddInitializer("anchor_size_tenth", sizeTenth, 1, AnchorCount, 2)]), g.AddInitializer("anchor_centre", centre, 1, AnchorCount, 2)]);
        var halves = g.AddNode("Mul", [g.AddNode("Exp", [g.AddNode("Div", [parts[1], g.AddInitializer("five", [5f])])]), g.AddInitializer("anchor_half_size", halfSize, 1, AnchorCount, 2)]);
        return g.AddNode("Concat", [g.AddNode("Sub", [centres, halves]), g.AddNode("Add", [centres, halves])], OnnxAttribute.Int("axis", 2));
    }
}
