using System.Runtime.InteropServices;

namespace Classroom.ModelBuilder.Onnx;

/// <summary>
/// Builds an ONNX model (a single graph, default domain) in memory. Only the parts of onnx.proto the
/// face networks need are written; the field numbers below are those of onnx/onnx.proto (IR version 8).
/// Tensors are float32 unless stated; a dimension of -1 becomes the symbolic dimension "N".
/// </summary>
internal sealed class OnnxGraphBuilder
{
    /// <summary>IR version 8 is the one that goes with opset 17 (ONNX 1.12).</summary>
    public const long IrVersion = 8;

    /// <summary>The default opset of the face graphs.</summary>
    public const long DefaultOpset = 17;

    // onnx.proto TensorProto.DataType values.
    private const int DataTypeFloat = 1;
    private const int DataTypeInt64 = 7;

    private readonly string _graphName;
    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly List<ProtoWriter> _inputs = [];
    private readonly List<ProtoWriter> _outputs = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    public OnnxGraphBuilder(string graphName) => _graphName = graphName;

    /// <summary>Declares a float graph input.</summary>
    public string AddInput(string name, params long[] shape)
    {
        Claim(name);
        _inputs.Add(ValueInfo(name, DataTypeFloat, shape));
        return name;
    }

    /// <summary>Declares a graph output of an existing value (float unless <paramref name="int64"/>).</summary>
    public void AddOutput(string name, long[] shape, bool int64 = false) =>
        _outputs.Add(ValueInfo(name, int64 ? DataTypeInt64 : DataTypeFloat, shape));

    /// <summary>Adds a float constant tensor (weights), named uniquely from <paramref name="name"/>.</summary>
    public string AddInitializer(string name, float[] data, params long[] dims)
    {
        CheckCount(data.Length, dims);
        var unique = Unique(name);
        _initializers.Add(FloatTensor(unique, data, dims));
        return unique;
    }

    /// <summary>Adds an int64 constant tensor (shapes, axes, indices).</summary>
    public string AddInitializer(string name, long[] data, params long[] dims)
    {
        CheckCount(data.Length, dims);
        var unique = Unique(name);
        _initializers.Add(new ProtoWriter()
            .PackedInt64(1, dims)
            .Int64(2, DataTypeInt64)
            .String(8, unique)
            .Bytes(9, MemoryMarshal.AsBytes(data.AsSpan())));
        return unique;
    }

    /// <summary>Adds a node with one output and returns that output's name.</summary>
    public string AddNode(string opType, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes) =>
        AddNode(opType, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputCount"/> outputs and returns their names.</summary>
    public string[] AddNode(string opType, IReadOnlyList<string> inputs, int outputCount, params OnnxAttribute[] attributes)
    {
        var nodeName = Unique(opType);
        var outputs = new string[outputCount];
        for (var i = 0; i < outputCount; i++)
        {
            outputs[i] = outputCount == 1 ? nodeName : Unique($"{nodeName}_out{i}");
        }

        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        foreach (var output in outputs)
        {
            node.String(2, output);
        }

        node.String(3, nodeName).String(4, opType);
        foreach (var attribute in attributes)
        {
            node.Message(5, attribute.ToProto());
        }

        _nodes.Add(node);
        return outputs;
    }

    /// <summary>Gives an existing value a stable name (an Identity node), e.g. for a graph output.</summary>
    public string Rename(string value, string name)
    {
        Claim(name);
        _nodes.Add(new ProtoWriter().String(1, value).String(2, name).String(3, name + "_identity").String(4, "Identity"));
        return name;
    }

    /// <summary>Serialises the model (ModelProto) with the given opset of the default domain.</summary>
    public byte[] ToModelBytes(long opset = DefaultOpset)
    {
        var graph = new ProtoWriter();
        foreach (var node in _nodes)
        {
            graph.Message(1, node);
        }

        graph.String(2, _graphName);
        foreach (var initializer in _initializers)
        {
            graph.Message(5, initializer);
        }

        foreach (var input in _inputs)
        {
            graph.Message(11, input);
        }

        foreach (var output in _outputs)
        {
            graph.Message(12, output);
        }

        return new ProtoWriter()
            .Int64(1, IrVersion)
            .String(2, "Classroom.Recognition")
            .Message(7, graph)
            .Message(8, new ProtoWriter().String(1, string.Empty).Int64(2, opset))
            .ToArray();
    }

    internal static ProtoWriter FloatTensor(string name, float[] data, long[] dims)
    {
        var tensor = new ProtoWriter().PackedInt64(1, dims).Int64(2, DataTypeFloat);
        if (name.Length > 0)
        {
            tensor.String(8, name);
        }

        return tensor.Bytes(9, MemoryMarshal.AsBytes(data.AsSpan()));
    }

    private static ProtoWriter ValueInfo(string name, int elemType, long[] shape)
    {
        var shapeProto = new ProtoWriter();
        foreach (var dim in shape)
        {
            shapeProto.Message(1, dim < 0 ? new ProtoWriter().String(2, "N") : new ProtoWriter().Int64(1, dim));
        }

        var tensorType = new ProtoWriter().Int64(1, elemType).Message(2, shapeProto);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensorType));
    }

    private static void CheckCount(int length, long[] dims)
    {
        long expected = 1;
        foreach (var d in dims)
        {
            expected *= d;
        }

        if (expected != length)
        {
            throw new ArgumentException($"Tensor of shape [{string.Join(',', dims)}] needs {expected} values, got {length}.");
        }
    }

    private void Claim(string name)
    {
        if (!_names.Add(name))
        {
            throw new ArgumentException($"The name '{name}' is already used in graph '{_graphName}'.", nameof(name));
        }
    }

    private string Unique(string stem)
    {
        var name = stem;
        while (!_names.Add(name))
        {
            name = $"{stem}_{++_counter}";
        }

        return name;
    }
}
