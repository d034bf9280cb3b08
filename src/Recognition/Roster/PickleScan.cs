using System.Buffers.Binary;
using Razorvine.Pickle;

namespace Classroom.Recognition.Roster;

/// <summary>
/// Walks a pickle's opcodes, and the size of the unpickler's stack, before Razorvine.Pickle runs them. Razorvine
/// reports a damaged file with whatever its internals throw (an index out of range for a truncated file) and has
/// paths whose cost is far out of proportion to the file (POP_MARK copies the whole stack, a dict of colliding keys
/// is quadratic, a decimal LONG of millions of digits parses in quadratic time). This walk refuses those with a
/// reason and a byte offset, and bounds what the unpickler holds: pending values, items added to lists, dict
/// entries. It runs no code and builds nothing; opcodes that face_recognition's files never contain are refused.
/// </summary>
internal static class PickleScan
{
    /// <summary>Limits for one file; see <see cref="FacesPickle"/> for the values and their reasons.</summary>
    internal sealed record Limits(int MaxStack, long MaxListItems, int MaxDictItems);

    private enum Arg { None, Byte, Two, Four, Eight, Line, TwoLines, Len1, Len4, Len8 }

    /// <summary>Throws <see cref="PickleException"/> saying what is wrong and where; returns when the file may be unpickled.</summary>
    public static void Check(ReadOnlySpan<byte> data, Limits limits)
    {
        var marks = new Stack<int>(); // stack sizes at each MARK
        var (size, listItems, dictItems, at) = (0, 0L, 0L, 0);
        while (true)
        {
            if (at >= data.Length)
            {
                throw new PickleException($"cut off at byte {data.Length}: no STOP opcode");
            }

            var start = at;
            var code = data[at++];
            var (name, arg, pops, pushes, toMark) = Describe(code, start);
            var length = ArgumentLength(data, ref at, arg, name, start);
            if (length > data.Length - at)
            {
                throw new PickleException($"cut off at byte {data.Length}, inside {name} at byte {start}");
            }

            var argument = data.Slice(at, (int)length);
            at += (int)length;
            switch (code)
            {
                case (byte)'.':
                    return;
                case 0x80 when argument[0] > Unpickler.HIGHEST_PROTOCOL:
                    throw new PickleException($"pickle protocol {argument[0]} is newer than {Unpickler.HIGHEST_PROTOCOL}");
                case (byte)'I' or (byte)'L' or (byte)'F' or (byte)'g' or (byte)'p' when length > 64:
                case (byte)'c' when length > 512:
                    throw new PickleException($"{name} at byte {start} has a {length}-byte argument, far longer than a number or a name");
                case 0x8b when length > 64: // LONG4: no number in a face file needs more than 8 bytes
                    throw new PickleException($"{name} at byte {start} is a {length}-byte integer");
                case (byte)'(':
                    marks.Push(size++);
                    Bound(size, limits, start);
                    continue;
                case (byte)'0' when Above(marks, size) == 0 && marks.Count > 0: // POP of a MARK, as protocol 0 writes it
                    size = marks.Pop();
                    continue;
            }

            var taken = pops;
            if (toMark)
            {
                if (marks.Count == 0)
                {
                    throw new PickleException($"{name} at byte {start} without a MARK");
                }

                taken = Above(marks, size);
                size = marks.Pop();
            }
            else if (pops > Above(marks, size))
            {
                throw new PickleException($"{name} at byte {start} takes more values than the stack holds");
            }
            else
            {
                size -= pops;
            }

            // APPEND(S), SETITEM(S), DICT add to a container below: it must be there, and each kind is counted.
            var (adds, entries, container) = code switch
            {
                (byte)'a' => (1, 0, true),
                (byte)'e' => (taken, 0, true),
                (byte)'s' => (0, 1, true),
                (byte)'u' or (byte)'d' when taken % 2 != 0 => throw new PickleException($"{name} at byte {start} has a key without a value"),
                (byte)'u' => (0, taken / 2, true),
                (byte)'d' => (0, taken / 2, false),
                (byte)'b' => (0, 0, true),
                _ => (0, 0, false),
            };
            if (container && Above(marks, size) == 0)
            {
                throw new PickleException($"{name} at byte {start} takes more values than the stack holds");
            }

            listItems += adds;
            dictItems += entries;
            if (listItems > limits.MaxListItems)
            {
                throw new PickleException($"more than {limits.MaxListItems} items added to lists at byte {start}");
            }

            if (dictItems > limits.MaxDictItems)
            {
                throw new PickleException($"more than {limits.MaxDictItems} dict entries at byte {start}");
            }

            size += pushes;
            Bound(size, limits, start);
        }
    }

    /// <summary>Values above the innermost MARK (all of them without one).</summary>
    private static int Above(Stack<int> marks, int size) => marks.Count == 0 ? size : size - marks.Peek() - 1;

    private static void Bound(int size, Limits limits, int at)
    {
        if (size > limits.MaxStack)
        {
            throw new PickleException($"more than {limits.MaxStack} values on the stack at byte {at}, more than a face file needs");
        }
    }

    private static long ArgumentLength(ReadOnlySpan<byte> data, ref int at, Arg arg, string name, int start)
    {
        var rest = data[at..];
        int prefix = arg switch { Arg.Len1 => 1, Arg.Len4 => 4, Arg.Len8 => 8, _ => 0 };
        if (rest.Length < prefix)
        {
            throw new PickleException($"cut off at byte {data.Length}, inside {name} at byte {start}");
        }

        at += prefix;
        long length = arg switch
        {
            Arg.None => 0,
            Arg.Byte => 1,
            Arg.Two => 2,
            Arg.Four => 4,
            Arg.Eight => 8,
            Arg.Line => Line(rest, 0, name, start, data.Length),
            Arg.TwoLines => Line(rest, Line(rest, 0, name, start, data.Length), name, start, data.Length),
            Arg.Len1 => rest[0],
            Arg.Len4 => BinaryPrimitives.ReadInt32LittleEndian(rest), // read as a signed int, as Razorvine does
            _ => BinaryPrimitives.ReadInt64LittleEndian(rest),
        };
        return length < 0 ? throw new PickleException($"{name} has a negative length at byte {start}") : length;
    }

    /// <summary>The length, newline included, of the line starting at <paramref name="from"/>.</summary>
    private static int Line(ReadOnlySpan<byte> rest, int from, string name, int start, int total)
    {
        var end = rest[from..].IndexOf((byte)'\n');
        return end < 0 ? throw new PickleException($"cut off at byte {total}, inside {name} at byte {start}") : from + end + 1;
    }

    /// <summary>An opcode's name, argument, values taken from and put on the stack, and whether it takes all values down to the MARK.</summary>
    private static (string Name, Arg Arg, int Pops, int Pushes, bool ToMark) Describe(byte code, int at) => code switch
    {
        (byte)'(' => ("MARK", Arg.None, 0, 0, false),
        (byte)'.' => ("STOP", Arg.None, 0, 0, false),
        (byte)'0' => ("POP", Arg.None, 1, 0, false),
        (byte)'2' => ("DUP", Arg.None, 1, 2, false),
        (byte)'F' => ("FLOAT", Arg.Line, 0, 1, false),
        (byte)'I' => ("INT", Arg.Line, 0, 1, false),
        (byte)'J' => ("BININT", Arg.Four, 0, 1, false),
        (byte)'K' => ("BININT1", Arg.Byte, 0, 1, false),
        (byte)'L' => ("LONG", Arg.Line, 0, 1, false),
        (byte)'M' => ("BININT2", Arg.Two, 0, 1, false),
        (byte)'N' => ("NONE", Arg.None, 0, 1, false),
        (byte)'R' => ("REDUCE", Arg.None, 2, 1, false),
        (byte)'S' => ("STRING", Arg.Line, 0, 1, false),
        (byte)'T' => ("BINSTRING", Arg.Len4, 0, 1, false),
        (byte)'U' => ("SHORT_BINSTRING", Arg.Len1, 0, 1, false),
        (byte)'V' => ("UNICODE", Arg.Line, 0, 1, false),
        (byte)'X' => ("BINUNICODE", Arg.Len4, 0, 1, false),
        (byte)'a' => ("APPEND", Arg.None, 1, 0, false),
        (byte)'b' => ("BUILD", Arg.None, 1, 0, false),
        (byte)'c' => ("GLOBAL", Arg.TwoLines, 0, 1, false),
        (byte)'d' => ("DICT", Arg.None, 0, 1, true),
        (byte)'}' => ("EMPTY_DICT", Arg.None, 0, 1, false),
        (byte)'e' => ("APPENDS", Arg.None, 0, 0, true),
        (byte)'g' => ("GET", Arg.Line, 0, 1, false),
        (byte)'h' => ("BINGET", Arg.Byte, 0, 1, false),
        (byte)'j' => ("LONG_BINGET", Arg.Four, 0, 1, false),
        (byte)'l' => ("LIST", Arg.None, 0, 1, true),
        (byte)']' => ("EMPTY_LIST", Arg.None, 0, 1, false),
        (byte)'p' => ("PUT", Arg.Line, 1, 1, false),
        (byte)'q' => ("BINPUT", Arg.Byte, 1, 1, false),
        (byte)'r' => ("LONG_BINPUT", Arg.Four, 1, 1, false),
        (byte)'s' => ("SETITEM", Arg.None, 2, 0, false),
        (byte)'t' => ("TUPLE", Arg.None, 0, 1, true),
        (byte)')' => ("EMPTY_TUPLE", Arg.None, 0, 1, false),
        (byte)'u' => ("SETITEMS", Arg.None, 0, 0, true),
        (byte)'G' => ("BINFLOAT", Arg.Eight, 0, 1, false),
        0x80 => ("PROTO", Arg.Byte, 0, 0, false),
        0x81 => ("NEWOBJ", Arg.None, 2, 1, false),
        0x85 => ("TUPLE1", Arg.None, 1, 1, false),
        0x86 => ("TUPLE2", Arg.None, 2, 1, false),
        0x87 => ("TUPLE3", Arg.None, 3, 1, false),
        0x88 => ("NEWTRUE", Arg.None, 0, 1, false),
        0x89 => ("NEWFALSE", Arg.None, 0, 1, false),
        0x8a => ("LONG1", Arg.Len1, 0, 1, false),
        0x8b => ("LONG4", Arg.Len4, 0, 1, false),
        (byte)'B' => ("BINBYTES", Arg.Len4, 0, 1, false),
        (byte)'C' => ("SHORT_BINBYTES", Arg.Len1, 0, 1, false),
        0x8c => ("SHORT_BINUNICODE", Arg.Len1, 0, 1, false),
        0x8d => ("BINUNICODE8", Arg.Len8, 0, 1, false),
        0x8e => ("BINBYTES8", Arg.Len8, 0, 1, false),
        0x93 => ("STACK_GLOBAL", Arg.None, 2, 1, false),
        0x94 => ("MEMOIZE", Arg.None, 1, 1, false),
        0x95 => ("FRAME", Arg.Eight, 0, 0, false),
        0x96 => ("BYTEARRAY8", Arg.Len8, 0, 1, false),
        (byte)'1' or (byte)'P' or (byte)'Q' or (byte)'i' or (byte)'o' or 0x82 or 0x83 or 0x84 or 0x8f or 0x90 or 0x91 or 0x92 or 0x97 or 0x98 =>
            throw new PickleException($"{Refused(code)} at byte {at} is not read (face_recognition's files never contain it)"),
        _ => throw new PickleException($"unknown opcode 0x{code:x2} at byte {at}"),
    };

    private static string Refused(byte code) => code switch
    {
        (byte)'1' => "POP_MARK",
        (byte)'P' or (byte)'Q' => "a persistent id",
        (byte)'i' => "INST",
        (byte)'o' => "OBJ",
        0x82 or 0x83 or 0x84 => "an extension code",
        0x8f or 0x90 or 0x91 => "a set",
        0x92 => "NEWOBJ_EX",
        _ => "an out-of-band buffer",
    };
}
