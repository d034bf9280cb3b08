using System.Text;

namespace Classroom.Recognition.Tests.Support;

/// <summary>
/// Writes, opcode by opcode, the pickle Python's <c>pickle.dump({"name": [...], "encoding": [np.array(...)]}, f)</c>
/// produces with protocol 3 and numpy (as <c>pickletools.dis</c> shows for the original's encoding file).
/// </summary>
public static class PickleWriter
{
    public static byte[] FaceRecognitionEncodings(IReadOnlyList<string> names, IReadOnlyList<double[]> encodings, string numpyModule = "numpy.core.multiarray")
    {
        var o = new List<byte> { 0x80, 3, (byte)'}', (byte)'(' };
        Unicode(o, "name");
        o.Add((byte)']');
        o.Add((byte)'(');
        foreach (var n in names)
        {
            Unicode(o, n);
        }

        o.Add((byte)'e');
        Unicode(o, "encoding");
        o.Add((byte)']');
        o.Add((byte)'(');
        foreach (var e in encodings)
        {
            Global(o, numpyModule, "_reconstruct");
            Global(o, "numpy", "ndarray");
            o.AddRange([(byte)'K', 0, 0x85, (byte)'C', 1, (byte)'b', 0x87, (byte)'R']);
            o.AddRange([(byte)'(', (byte)'K', 1, (byte)'K', (byte)e.Length, 0x85]);
            Global(o, "numpy", "dtype");
            Unicode(o, "f8");
            o.AddRange([0x89, 0x88, 0x87, (byte)'R']);
            o.AddRange([(byte)'(', (byte)'K', 3]);
            Unicode(o, "<");
            o.AddRange([(byte)'N', (byte)'N', (byte)'N', (byte)'J', 0xff, 0xff, 0xff, 0xff, (byte)'J', 0xff, 0xff, 0xff, 0xff, (byte)'K', 0, (byte)'t', (byte)'b']);
            o.Add(0x89);
            var data = e.SelectMany(BitConverter.GetBytes).ToArray();
            o.Add((byte)'B');
            o.AddRange(BitConverter.GetBytes(data.Length));
            o.AddRange(data);
            o.AddRange([(byte)'t', (byte)'b']);
        }

        o.Add((byte)'e');
        o.Add((byte)'u');
        o.Add((byte)'.');
        return [.. o];
    }

    private static void Unicode(List<byte> o, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        o.Add((byte)'X');
        o.AddRange(BitConverter.GetBytes(bytes.Length));
        o.AddRange(bytes);
    }

    private static void Global(List<byte> o, string module, string name)
    {
        o.Add((byte)'c');
        o.AddRange(Encoding.ASCII.GetBytes(module + "\n" + name + "\n"));
    }
}
