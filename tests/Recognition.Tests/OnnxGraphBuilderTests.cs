using Classroom.ModelBuilder.Onnx;
using Classroom.ModelBuilder.Tfjs;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Classroom.Recognition.Tests;

public sealed class OnnxGraphBuilderTests
{
    [Fact]
    public void A_built_conv_relu_graph_runs_in_onnx_runtime_and_computes_what_it_says()
    {
        // 1x1 conv with 2 input and 1 output channel: y = relu(2*a - 1*b + 0.5)
        var filters = new TfjsTensor("f", [1, 1, 2, 1], [2f, -1f]);
        var weights = TfjsLayout.HwioToOihw(filters, out var dims);
        var g = new OnnxGraphBuilder("test");
        var x = g.AddInput("x", 1, 2, 1, 3);
        var w = g.AddInitializer("w", weights, dims);
        var b = g.AddInitializer("b", [0.5f], 1);
        var conv = g.AddNode("Conv", [x, w, b], OnnxAttribute.Ints("kernel_shape", 1, 1));
        var relu = g.AddNode("Relu", [conv]);
        g.Rename(relu, "y");
        g.AddOutput("y", [1, 1, 1, 3]);

        using var session = new InferenceSession(g.ToModelBytes());
        var input = new DenseTensor<float>(new float[] { 1, 0, 3, /* b: */ 1, 2, 1 }, [1, 2, 1, 3]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("x", input)]);
        var y = results.Single().AsEnumerable<float>().ToArray();

        // Exact in float: small integers and halves.
        Assert.Equal(new[] { 1.5f, 0f, 5.5f }, y);
    }

    [Fact]
    public void Depthwise_filters_become_grouped_conv_weights()
    {
        // kh=1, kw=2, in=2, multiplier=1: TF order [h][w][c][m].
        var t = new TfjsTensor("d", [1, 2, 2, 1], [1, 2, 3, 4]);
        var onnx = TfjsLayout.DepthwiseToOnnx(t, out var dims);
        Assert.Equal(new long[] { 2, 1, 1, 2 }, dims);
        Assert.Equal(new float[] { 1, 3, 2, 4 }, onnx);
    }
}
