namespace Classroom.ModelBuilder.Onnx;

/// <summary>A node attribute (onnx.proto AttributeProto) of one of the kinds the face graphs need.</summary>
internal sealed class OnnxAttribute
{
    // onnx.proto AttributeProto.AttributeType values.
    private const int TypeFloat = 1;
    private const int TypeInt = 2;
    private const int TypeString = 3;
    private const int TypeTensor = 4;
    private const int TypeFloats = 6;
    private const int TypeInts = 7;

    private readonly Action<ProtoWriter> _writeValue;
    private readonly int _type;

    private OnnxAttribute(string name, int type, Action<ProtoWriter> writeValue)
    {
        Name = name;
        _type = type;
        _writeValue = writeValue;
    }

    public string Name { get; }

    public static OnnxAttribute Int(string name, long value) => new(name, TypeInt, w => w.Int64(3, value));

    public static OnnxAttribute Float(string name, float value) => new(name, TypeFloat, w => w.Float(2, value));

    public static OnnxAttribute String(string name, string value) => new(name, TypeString, w => w.Bytes(4, System.Text.Encoding.UTF8.GetBytes(value)));

    public static OnnxAttribute Ints(string name, params long[] values) => new(name, TypeInts, w => w.PackedInt64(8, values));

    public static OnnxAttribute Floats(string name, params float[] values) => new(name, TypeFloats, w => w.PackedFloat(7, values));

    /// <summary>A tensor-valued attribute, e.g. Constant's "value".</summary>
    public static OnnxAttribute Tensor(string name, float[] data, params long[] dims) =>
        new(name, TypeTensor, w => w.Message(5, OnnxGraphBuilder.FloatTensor(string.Empty, data, dims)));

    internal ProtoWriter ToProto()
    {
        var w = new ProtoWriter().String(1, Name);
        _writeValue(w);
        return w.Int64(20, _type);
    }
}
