using System.Text;

namespace Classroom.Recognition.Tests.Support;

/// <summary>
/// Writes, opcode by opcode, the pickle Python's <c>pickle.dump({"name": [...], "encoding": [...]}, f)</c>
/// produces with protocol 3 and numpy (as <c>pickletools.dis</c> shows for the original's encoding file), and the
/// variations a test needs: one (N, 128) array, Python lists of floats, memo references, odd shapes.
/// </summary>
public static class PickleWriter
{
    public const string NumpyCore = "numpy.core.multiarray";

    /// <summary>The original's layout: a list of (128,) float64 arrays.</summary>
    public static byte[] FaceRecognitionEncodings(IReadOnlyList<string> names, IReadOnlyList<double[]> encodings, string numpyModule = NumpyCore) =>
        Document(names.Select(Unicode), List(encodings.Select(e => Array(e, [e.Length], "f8", numpyModule: numpyModule))));

    /// <summary><c>np.array(encodings, dtype=np.float32)</c>: one (N, 128) array, in C or Fortran order.</summary>
    public static byte[] Matrix(IReadOnlyList<string> names, IReadOnlyList<double[]> encodings, bool fortran = false)
    {
        var (rows, cols) = (encodings.Count, encodings.Count == 0 ? 0 : encodings[0].Length);
        double[] values = fortran
            ? [.. Enumerable.Range(0, cols).SelectMany(c => encodings.Select(e => e[c]))]
            : [.. encodings.SelectMany(e => e)];
        return Document(names.Select(Unicode), Array(values, [rows, cols], "f4", fortran));
    }

    /// <summary><c>[e.tolist() for e in encodings]</c>: Python lists of floats.</summary>
    public static byte[] FloatLists(IReadOnlyList<string> names, IReadOnlyList<double[]> encodings) =>
        Document(names.Select(Unicode), List(encodings.Select(e => List(e.Select(BinFloat)))));

    /// <summary>
    /// <paramref name="count"/> names and encodings that are memo references (BINGET) to one name and one (128,) array:
    /// two bytes a face, as a hostile file holds them (Python writes the same for a list that repeats one object),
    /// appended in batches of <paramref name="batch"/> (Python's pickler: 1000).
    /// </summary>
    public static byte[] RepeatedReferences(int count, double[] encoding, int batch = 1000)
    {
        byte[][] names = [Concat(Unicode("a"), [(byte)'q', 1]), .. Enumerable.Repeat<byte[]>([(byte)'h', 1], count - 1)];
        byte[][] arrays = [Concat(Array(encoding, [encoding.Length], "f8"), [(byte)'q', 2]), .. Enumerable.Repeat<byte[]>([(byte)'h', 2], count - 1)];
        return Concat([0x80, 3, (byte)'}', (byte)'('], Unicode("name"), List(names, batch), Unicode("encoding"), List(arrays, batch), [(byte)'u', (byte)'.']);
    }

    /// <summary>The top-level dict: <paramref name="nameItems"/> become the 'name' list; <paramref name="encoding"/> is the 'encoding' value.</summary>
    public static byte[] Document(IEnumerable<byte[]> nameItems, byte[] encoding) =>
        Concat([0x80, 3, (byte)'}', (byte)'('], Unicode("name"), List(nameItems), Unicode("encoding"), encoding, [(byte)'u', (byte)'.']);

    /// <summary>A list: EMPTY_LIST, then the items in MARK … APPENDS batches of <paramref name="batch"/> (one batch by default).</summary>
    public static byte[] List(IEnumerable<byte[]> items, int batch = int.MaxValue) =>
        Concat([[(byte)']'], .. items.Chunk(batch).Select(chunk => Concat([[(byte)'('], .. chunk, [(byte)'e']]))]);

    /// <summary>
    /// <c>numpy.core.multiarray._reconstruct(ndarray, (0,), b'b')</c>, then BUILD with (1, shape, dtype, fortran, raw):
    /// <paramref name="shape"/> is written as given (it need not match the values, to test what the reader does then).
    /// </summary>
    public static byte[] Array(IReadOnlyList<double> values, IReadOnlyList<long> shape, string dtype, bool fortran = false, string numpyModule = NumpyCore)
    {
        var o = new List<byte>();
        o.AddRange(Global(numpyModule, "_reconstruct"));
        o.AddRange(Global("numpy", "ndarray"));
        o.AddRange([(byte)'K', 0, 0x85, (byte)'C', 1, (byte)'b', 0x87, (byte)'R', (byte)'(', (byte)'K', 1]);
        o.AddRange(Tuple(shape.Select(Number)));
        o.AddRange(Global("numpy", "dtype"));
        o.AddRange(Unicode(dtype));
        o.AddRange([0x89, 0x88, 0x87, (byte)'R', (byte)'(', (byte)'K', 3]);
        o.AddRange(Unicode("<"));
        o.AddRange([(byte)'N', (byte)'N', (byte)'N', (byte)'J', 0xff, 0xff, 0xff, 0xff, (byte)'J', 0xff, 0xff, 0xff, 0xff, (byte)'K', 0, (byte)'t', (byte)'b']);
        o.Add(fortran ? (byte)0x88 : (byte)0x89);
        var data = dtype == "f4"
            ? values.SelectMany(v => BitConverter.GetBytes((float)v)).ToArray()
            : values.SelectMany(BitConverter.GetBytes).ToArray();
        o.Add((byte)'B');
        o.AddRange(BitConverter.GetBytes(data.Length));
        o.AddRange(data);
        o.AddRange([(byte)'t', (byte)'b']);
        return [.. o];
    }

    /// <summary>BINUNICODE.</summary>
    public static byte[] Unicode(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        return Concat([(byte)'X'], BitConverter.GetBytes(bytes.Length), bytes);
    }

    /// <summary>As Python writes an int: BININT1, BININT2, BININT, or LONG1 beyond 32 bits.</summary>
    public static byte[] Number(long v) => v switch
    {
        >= 0 and < 256 => [(byte)'K', (byte)v],
        >= 0 and < 65536 => [(byte)'M', (byte)v, (byte)(v >> 8)],
        >= int.MinValue and <= int.MaxValue => Concat([(byte)'J'], BitConverter.GetBytes((int)v)),
        _ => Concat([0x8a, 8], BitConverter.GetBytes(v)),
    };

    /// <summary>BINFLOAT (big-endian, as pickle writes it).</summary>
    public static byte[] BinFloat(double v)
    {
        var bytes = BitConverter.GetBytes(v);
        System.Array.Reverse(bytes);
        return Concat([(byte)'G'], bytes);
    }

    private static byte[] Tuple(IEnumerable<byte[]> items)
    {
        var list = items.ToList();
        return list.Count switch
        {
            1 => Concat(list[0], [0x85]),
            2 => Concat(list[0], list[1], [0x86]),
            3 => Concat(list[0], list[1], list[2], [0x87]),
            _ => Concat([[(byte)'('], .. list, [(byte)'t']]),
        };
    }

    private static byte[] Global(string module, string name) => Concat([(byte)'c'], Encoding.ASCII.GetBytes(module + "\n" + name + "\n"));

    private static byte[] Concat(params IEnumerable<byte>[] parts) => [.. parts.SelectMany(p => p)];
}
