using System.Collections;
using System.Numerics;
using System.Reflection;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;
using static Classroom.Recognition.Roster.KnownFacesFile;

namespace Classroom.Recognition.Roster;

/// <summary>
/// The original's known-faces pickle: a dict of a 'name' list and an 'encoding' list of (128,) numpy arrays (or one
/// (N, 128) array, or Python lists of floats). What reading it may cost follows from the file's size: the opcodes are
/// checked first (<see cref="PickleScan"/>), at most <see cref="MaxFaces"/> faces are read, and every encoding's values
/// count against a budget of a quarter of the file's bytes — a reference to an array already read included, since a
/// two-byte memo reference would otherwise cost 128 values.
/// </summary>
internal static class FacesPickle
{
    /// <summary>
    /// Values pending on the unpickler's stack beyond <see cref="MaxFaces"/>: Python's pickler appends in batches of
    /// 1000 (pickle._BATCHSIZE), so its files never hold more than a batch and an array's state pending; MaxFaces
    /// more let through a writer that appends a whole roster in one batch.
    /// </summary>
    private const int StackSlack = 1024;

    /// <summary>Dict entries in the whole file: the top-level dict has two and nothing else in a face file is a dict.</summary>
    private const int MaxDictItems = 1024;

    /// <summary>The fewest bytes a stored value takes: a float32 (numpy's float64 takes 8, a pickled Python float 9).</summary>
    private const int MinBytesPerValue = 4;

    /// <summary>Items added to lists: a name and an encoding a face, or the 128 floats of an encoding written as a list.</summary>
    private static readonly PickleScan.Limits Limits = new(MaxFaces + StackSlack, (long)MaxFaces * (DescriptorLength + 2), MaxDictItems);

    public static List<KnownFace> Read(byte[] data, string name)
    {
        object? root;
        try
        {
            PickleScan.Check(data, Limits);
            root = NumpyPickle.Load(data);
        }
        catch (Exception e) when (IsUnpicklerError(e))
        {
            throw new InvalidDataException($"{name}: not a readable pickle ({Reason(e)}).", e);
        }

        if (root is not IDictionary dict || dict["name"] is not IList names || dict["encoding"] is not { } encodings)
        {
            throw new InvalidDataException($"{name}: the pickle is not a dict with 'name' and 'encoding' lists (face_recognition's encoding file).");
        }

        RequireAtMostMaxFaces(names.Count, name);
        var vectors = Descriptors(encodings, data.Length, name);
        if (vectors.Count != names.Count)
        {
            throw new InvalidDataException($"{name}: {names.Count} names but {vectors.Count} encodings.");
        }

        var faces = new List<KnownFace>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            var person = names[i] as string ?? throw new InvalidDataException($"{name}: name #{i + 1} is a {TypeName(names[i])}, not a str.");
            faces.Add(Face(person, vectors[i], name, i));
        }

        return faces;
    }

    /// <summary>Python's name for what the unpickler built, for errors.</summary>
    internal static string TypeName(object? value) => value switch
    {
        null => "None",
        string => "str",
        bool => "bool",
        int or long or BigInteger => "int",
        double => "float",
        byte[] => "bytes",
        object[] => "tuple",
        NumpyArray => "numpy array",
        NumpyDType => "numpy dtype",
        ClassDict c => RosterFileBytes.Printable(c.ClassName),
        IDictionary => "dict",
        IList => "list",
        IObjectConstructor => "class",
        _ => value.GetType().Name,
    };

    /// <summary>A list of (128,) arrays or of lists of floats, or one (N, 128) array.</summary>
    private static List<float[]> Descriptors(object encodings, int fileBytes, string name)
    {
        var budget = Math.Min((long)MaxFaces * DescriptorLength, fileBytes / MinBytesPerValue);
        var left = budget;
        void Take(long count)
        {
            if (count > left)
            {
                throw new InvalidDataException(budget < (long)MaxFaces * DescriptorLength
                    ? $"{name}: the encodings hold more values than a file of {fileBytes} bytes stores (at most {budget}, at {MinBytesPerValue} bytes a value; a repeated reference to an array counts each time)."
                    : $"{name}: the encodings hold more than {budget} values ({MaxFaces} faces of {DescriptorLength}).");
            }

            left -= count;
        }

        try
        {
            if (encodings is NumpyArray { Shape.Count: 2 } matrix)
            {
                var (rows, cols) = ((int)Math.Min(matrix.Shape[0], int.MaxValue), matrix.Shape[1]);
                RequireAtMostMaxFaces(rows, name);
                Take(matrix.ValueCount());
                var all = matrix.Values();
                return [.. Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, (int)cols)
                    .Select(c => all[matrix.FortranOrder ? (c * rows) + r : (r * cols) + c]).ToArray())];
            }

            if (encodings is IList list)
            {
                RequireAtMostMaxFaces(list.Count, name);
                var vectors = new List<float[]>(list.Count);
                for (var i = 0; i < list.Count; i++)
                {
                    switch (list[i])
                    {
                        case NumpyArray a:
                            Take(a.ValueCount());
                            vectors.Add(a.Values());
                            break;
                        case IList values:
                            Take(values.Count);
                            vectors.Add(Floats(values, i, name));
                            break;
                        case var other:
                            throw new InvalidDataException($"{name}: encoding #{i + 1} is a {TypeName(other)}, not an array.");
                    }
                }

                return vectors;
            }
        }
        catch (PickleException e)
        {
            throw new InvalidDataException($"{name}: {Reason(e)}", e);
        }

        throw new InvalidDataException($"{name}: 'encoding' is neither a list of arrays nor a 2-D array.");
    }

    private static float[] Floats(IList values, int index, string name)
    {
        var floats = new float[values.Count];
        for (var i = 0; i < floats.Length; i++)
        {
            floats[i] = values[i] switch
            {
                double d => (float)d,
                int n => n,
                long n => n,
                var other => throw new InvalidDataException($"{name}: encoding #{index + 1} holds a {TypeName(other)}, not a number."),
            };
        }

        return floats;
    }

    /// <summary>
    /// What Razorvine throws for a file it cannot read. The scan leaves it little to find, but it casts what is on its
    /// stack without checking (APPENDS onto None is a NullReferenceException) and parses numbers from text.
    /// </summary>
    private static bool IsUnpicklerError(Exception e) => e is PickleException or InvalidCastException or FormatException
        or OverflowException or ArgumentException or IndexOutOfRangeException or NullReferenceException
        or InvalidOperationException or KeyNotFoundException or NotSupportedException or IOException;

    /// <summary>The message, with the reason Razorvine wraps in "failed to __setstate__()", on one printable line.</summary>
    private static string Reason(Exception e)
    {
        var message = e.Message.Trim();
        if (e.InnerException is TargetInvocationException { InnerException: { } inner })
        {
            message += ": " + inner.Message.Trim();
        }

        return RosterFileBytes.Printable(message, maxLength: 300);
    }
}
