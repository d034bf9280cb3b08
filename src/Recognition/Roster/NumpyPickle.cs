using System.Buffers.Binary;
using System.Collections;
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

/// <summary>A numpy array as pickled: shape, dtype and raw bytes; <see cref="ToDoubles"/> reads float64/float32 data.</summary>
[SuppressMessage("Naming", "CA1707", Justification = "Razorvine calls __setstate__ by name, as Python does.")]
internal sealed class NumpyArray
{
    public IReadOnlyList<int> Shape { get; private set; } = [];

    public NumpyDType? DType { get; private set; }

    public bool FortranOrder { get; private set; }

    public byte[] Data { get; private set; } = [];

    public void __setstate__(object[] state)
    {
        // (version, shape, dtype, is_fortran, raw) — or without the leading version in very old pickles.
        var s = state.Length == 5 ? state[1..] : state;
        if (s.Length != 4 || s[0] is not object[] shape || s[1] is not NumpyDType dtype || s[2] is not bool fortran)
        {
            throw new PickleException("Unexpected numpy array state.");
        }

        Shape = [.. shape.Select(Convert.ToInt32)];
        DType = dtype;
        FortranOrder = fortran;
        Data = s[3] switch
        {
            byte[] bytes => bytes,
            string latin1 => Encoding.Latin1.GetBytes(latin1), // Python 2 pickles carry the buffer as a str
            IList list => [.. list.Cast<object>().Select(Convert.ToByte)],
            _ => throw new PickleException("numpy array data is neither bytes nor str."),
        };
    }

    public double[] ToDoubles()
    {
        var dtype = DType ?? throw new PickleException("numpy array without dtype.");
        var size = dtype.Code switch
        {
            "f8" or "float64" => 8,
            "f4" or "float32" => 4,
            _ => throw new PickleException($"numpy dtype '{dtype.Code}' is not a float type."),
        };
        var count = Shape.Aggregate(1, (a, b) => a * b);
        if (Data.Length != count * size)
        {
            throw new PickleException($"numpy array holds {Data.Length} bytes for {count} values of {size} bytes.");
        }

        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            var span = Data.AsSpan(i * size, size);
            values[i] = (size, dtype.IsBigEndian) switch
            {
                (8, false) => BinaryPrimitives.ReadDoubleLittleEndian(span),
                (8, true) => BinaryPrimitives.ReadDoubleBigEndian(span),
                (4, false) => BinaryPrimitives.ReadSingleLittleEndian(span),
                _ => BinaryPrimitives.ReadSingleBigEndian(span),
            };
        }

        return values;
    }
}
