using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;

namespace Classroom.ModelBuilder.Onnx;

/// <summary>
/// Writes one protobuf message field by field with Google.Protobuf's CodedOutputStream.
/// Nested messages are written into their own writer and embedded as length-delimited bytes.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "A MemoryStream holds no unmanaged resource; writers are short-lived builders.")]
internal sealed class ProtoWriter
{
    private readonly MemoryStream _buffer = new();
    private readonly CodedOutputStream _output;

    public ProtoWriter() => _output = new CodedOutputStream(_buffer, leaveOpen: true);

    public ProtoWriter Int64(int field, long value)
    {
        _output.WriteTag(field, WireFormat.WireType.Varint);
        _output.WriteInt64(value);
        return this;
    }

    public ProtoWriter Float(int field, float value)
    {
        _output.WriteTag(field, WireFormat.WireType.Fixed32);
        _output.WriteFloat(value);
        return this;
    }

    public ProtoWriter String(int field, string value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteString(value);
        return this;
    }

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteBytes(ByteString.CopyFrom(value));
        return this;
    }

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    /// <summary>A packed repeated int64 field.</summary>
    public ProtoWriter PackedInt64(int field, IEnumerable<long> values)
    {
        var inner = new ProtoWriter();
        foreach (var v in values)
        {
            inner._output.WriteInt64(v);
        }

        return Bytes(field, inner.ToArray());
    }

    /// <summary>A packed repeated float field.</summary>
    public ProtoWriter PackedFloat(int field, IEnumerable<float> values)
    {
        var inner = new ProtoWriter();
        foreach (var v in values)
        {
            inner._output.WriteFloat(v);
        }

        return Bytes(field, inner.ToArray());
    }

    public byte[] ToArray()
    {
        _output.Flush();
        return _buffer.ToArray();
    }
}
