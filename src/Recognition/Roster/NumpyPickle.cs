using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Razorvine.Pickle;

namespace Classroom.Recognition.Roster;

/// <summary>
/// Just enough numpy for Razorvine.Pickle to read pickled float arrays, as Python's <c>pickle.dump</c> of a
/// numpy array writes them: <c>numpy.core.multiarray._reconstruct(ndarray, (0,), b'b')</c> followed by BUILD with
/// <c>(version, shape, dtype, is_fortran, raw_bytes)</c>; the dtype itself is <c>numpy.dtype('f8', False, True)</c>
/// followed by BUILD with <c>(3, '&lt;', …)</c>. No Python code runs: only these two classes can be built.
/// </summary>
internal static class NumpyPickle
{
    private static readonly Lock Gate = new();
    private static bool s_registered;

    /// <summary>Unpickles <paramref name="data"/> with the numpy constructors registered (once per process).</summary>
    public static object? Load(byte[] data)
    {
        lock (Gate)
        {
            if (!s_registered)
            {
                // numpy < 2 writes numpy.core.multiarray; numpy 2 writes numpy._core.multiarray.
                Unpickler.registerConstructor("numpy.core.multiarray", "_reconstruct", new ArrayConstructor());
                Unpickler.registerConstructor("numpy._core.multiarray", "_reconstruct", new ArrayConstructor());
                Unpickler.registerConstructor("numpy", "dtype", new DTypeConstructor());
                s_registered = true;
            }
        }

        using var unpickler = new Unpickler();
        return unpickler.loads(data);
    }

    private sealed class ArrayConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new NumpyArray();
    }

    private sealed class DTypeConstructor : IObjectConstructor
    {
        public object construct(object[] args) =>
            new NumpyDType(args is [string code, ..] ? code : throw new PickleException("numpy.dtype without a type code"));
    }
}

/// <summary>A numpy dtype as pickled: the type code ('f8', 'f4', …) and the byte order from its state.</summary>
[SuppressMessage("Naming", "CA1707", Justification = "Razorvine calls __setstate__ by name, as Python does.")]
internal sealed class NumpyDType(string code)
{
    public string Code { get; } = code;

    /// <summary>'&lt;' little, '&gt;' big, '|' not applicable, '=' native.</summary>
    public char ByteOrder { get; private set; } = '=';

    public void __setstate__(object[] state)
    {
        if (state is [_, string order, ..] && order.Length == 1)
        {
            ByteOrder = order[0];
        }
    }

    public bool IsBigEndian => ByteOrder == '>' || (ByteOrder == '=' && !BitConverter.IsLittleEndian);
}

/// <summary>
/// A numpy array as pickled: shape, dtype and raw bytes, kept as the file gave them (BUILD runs inside the unpickler,
/// which would hide a reason behind "failed to __setstate__()"); <see cref="Values"/> checks them and reads float64 or
/// float32 data as floats.
/// </summary>
[SuppressMessage("Naming", "CA1707", Justification = "Razorvine calls __setstate__ by name, as Python does.")]
internal sealed class NumpyArray
{
    private object?[] _state = [];

    /// <summary>The shape's dimensions, or null when the state has no tuple of integers for a shape.</summary>
    public IReadOnlyList<long>? Shape { get; private set; }

    public bool FortranOrder => _state is [_, _, true, _];

    public void __setstate__(object[] state)
    {
        // (version, shape, dtype, is_fortran, raw) — or without the leading version in very old pickles.
        _state = state.Length == 5 ? state[1..] : state;
        Shape = _state is [object[] shape, ..] && shape.All(d => d is int or long)
            ? [.. shape.Select(d => d is int i ? i : (long)d)]
            : null;
    }

    /// <summary>The number of values, from the shape; refused when the state is not an array's or the shape is impossible.</summary>
    public long ValueCount() => Count(State().Shape);

    /// <summary>The values as floats (after <see cref="ValueCount"/>, which the caller checks against its budget).</summary>
    public float[] Values()
    {
        var (shape, dtype, raw) = State();
        var size = dtype.Code switch
        {
            "f8" or "float64" => 8,
            "f4" or "float32" => 4,
            _ => throw new PickleException($"numpy dtype '{RosterFileBytes.Printable(dtype.Code)}' is not a float type."),
        };
        var count = Count(shape);
        var data = raw switch
        {
            byte[] bytes => bytes,
            string latin1 when latin1.Length == count * size => Encoding.Latin1.GetBytes(latin1), // Python 2 pickles carry the buffer as a str
            _ => null,
        };
        if (data is null || data.Length != count * size)
        {
            throw new PickleException($"numpy array of shape {ShapeText(shape)} has {DataLength(raw)} for its {count} values of {size} bytes.");
        }

        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            var span = data.AsSpan(i * size, size);
            values[i] = (size, dtype.IsBigEndian) switch
            {
                (8, false) => (float)BinaryPrimitives.ReadDoubleLittleEndian(span),
                (8, true) => (float)BinaryPrimitives.ReadDoubleBigEndian(span),
                (4, false) => BinaryPrimitives.ReadSingleLittleEndian(span),
                _ => BinaryPrimitives.ReadSingleBigEndian(span),
            };
        }

        return values;
    }

    private (IReadOnlyList<long> Shape, NumpyDType DType, object? Raw) State() =>
        _state is [_, NumpyDType dtype, bool, var raw] && Shape is { } shape
            ? (shape, dtype, raw)
            : throw new PickleException("numpy array state is not (shape, dtype, is_fortran, data).");

    /// <summary>The number of values, in 64 bits; refused when a dimension is negative or the product leaves the range an array can hold.</summary>
    private static long Count(IReadOnlyList<long> shape)
    {
        if (shape.Any(d => d < 0))
        {
            throw new PickleException($"numpy array shape {ShapeText(shape)} has a negative dimension.");
        }

        long count = 1;
        foreach (var d in shape)
        {
            if (d != 0 && count > Array.MaxLength / d)
            {
                throw new PickleException($"numpy array shape {ShapeText(shape)} does not fit in one array (more than {Array.MaxLength} values).");
            }

            count *= d;
        }

        return count;
    }

    /// <summary>Python's notation, cut after 8 dimensions (a hostile shape may have thousands).</summary>
    internal static string ShapeText(IReadOnlyList<long> shape) =>
        "(" + string.Join(", ", shape.Take(8)) + (shape.Count > 8 ? ", …)" : shape.Count == 1 ? ",)" : ")");

    private static string DataLength(object? raw) => raw switch
    {
        byte[] bytes => $"{bytes.Length} bytes",
        string text => $"{text.Length} characters",
        _ => $"a {FacesPickle.TypeName(raw)} as data",
    };
}

