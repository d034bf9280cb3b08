using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;
using Razorvine.Pickle;

namespace Classroom.Recognition.Roster;

/// <summary>
/// Known-faces files: the original's <c>encoding</c> pickle (read as it is) and our own versioned JSON
/// (read and written). <see cref="Read(Stream)"/> tells them apart by their first byte.
/// </summary>
public static class KnownFacesFile
{
    /// <summary>Identifies our JSON format.</summary>
    public const string FormatName = "classroom-known-faces";

    /// <summary>Current version of our JSON format.</summary>
    public const int FormatVersion = 1;

    /// <summary>dlib's face descriptor length (face_recognition's encodings).</summary>
    public const int DescriptorLength = 128;

    /// <summary>Refuse files beyond this size: ~64 MB is over 60,000 faces in either format.</summary>
    private const long MaxBytes = 64L * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IReadOnlyList<KnownFace> Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads either format; a malformed file throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static IReadOnlyList<KnownFace> Read(Stream stream, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        name ??= "known-faces file";
        var data = ReadBounded(stream, name);
        if (data.Length == 0)
        {
            throw new InvalidDataException($"{name}: file is empty.");
        }

        var first = data.AsSpan().TrimStart(" \t\r\n\uFEFF"u8);
        return data[0] == 0x80 ? ReadPickle(data, name)
            : first.Length > 0 && first[0] is (byte)'{' ? ReadJson(data, name)
            : throw new InvalidDataException($"{name}: neither a face_recognition pickle (encoding/encoding.dat) nor a {FormatName} JSON file.");
    }

    /// <summary>Writes our JSON format to <paramref name="path"/> atomically, owner-only (descriptors are biometric data).</summary>
    public static void Write(string path, IEnumerable<KnownFace> faces)
    {
        var temp = path + ".tmp";
        using (var stream = PrivateFiles.Create(temp))
        {
            Write(stream, faces);
        }

        File.Move(temp, path, overwrite: true);
    }

    public static void Write(Stream stream, IEnumerable<KnownFace> faces)
    {
        ArgumentNullException.ThrowIfNull(faces);
        var document = new FacesDocument(FormatName, FormatVersion, DescriptorLength,
            [.. faces.Select(f => new FaceEntry(f.Name, f.Descriptor))]);
        JsonSerializer.Serialize(stream, document, Json);
    }

    private static List<KnownFace> ReadPickle(byte[] data, string name)
    {
        object? root;
        try
        {
            root = NumpyPickle.Load(data);
        }
        catch (Exception e) when (e is PickleException or InvalidCastException or FormatException or OverflowException or IOException or ArgumentException)
        {
            throw new InvalidDataException($"{name}: not a readable pickle ({e.Message}).", e);
        }

        if (root is not IDictionary dict || dict["name"] is not IList names || dict["encoding"] is not { } encodings)
        {
            throw new InvalidDataException($"{name}: the pickle is not a dict with 'name' and 'encoding' lists (face_recognition's encoding file).");
        }

        var vectors = Descriptors(encodings, name);
        if (vectors.Count != names.Count)
        {
            throw new InvalidDataException($"{name}: {names.Count} names but {vectors.Count} encodings.");
        }

        var faces = new List<KnownFace>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            faces.Add(Face(names[i] as string, vectors[i], name, i));
        }

        return faces;
    }

    /// <summary>A list of (128,) arrays, or one (N,128) array.</summary>
    private static List<double[]> Descriptors(object encodings, string name)
    {
        try
        {
            if (encodings is NumpyArray { Shape.Count: 2 } matrix)
            {
                var all = matrix.ToDoubles();
                var (rows, cols) = (matrix.Shape[0], matrix.Shape[1]);
                return [.. Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, cols)
                    .Select(c => all[matrix.FortranOrder ? (c * rows) + r : (r * cols) + c]).ToArray())];
            }

            if (encodings is IList list)
            {
                return [.. list.Cast<object>().Select(o => o switch
                {
                    NumpyArray a => a.ToDoubles(),
                    IList values => values.Cast<object>().Select(Convert.ToDouble).ToArray(),
                    _ => throw new InvalidDataException($"{name}: an encoding is a {o?.GetType().Name ?? "None"}, not an array."),
                })];
            }
        }
        catch (PickleException e)
        {
            throw new InvalidDataException($"{name}: {e.Message}", e);
        }

        throw new InvalidDataException($"{name}: 'encoding' is neither a list of arrays nor a 2-D array.");
    }

    private static List<KnownFace> ReadJson(byte[] data, string name)
    {
        FacesDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<FacesDocument>(data, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{name}: invalid JSON ({e.Message}).", e);
        }

        if (document is null || document.Format != FormatName)
        {
            throw new InvalidDataException($"{name}: not a {FormatName} file (its \"format\" is '{document?.Format}').");
        }

        if (document.Version is < 1 or > FormatVersion)
        {
            throw new InvalidDataException($"{name}: {FormatName} version {document.Version} is not supported (this build reads 1..{FormatVersion}).");
        }

        var entries = document.Faces ?? [];
        return [.. entries.Select((f, i) => Face(f.Name, f.Descriptor?.Select(v => (double)v).ToArray(), name, i))];
    }

    private static KnownFace Face(string? person, double[]? descriptor, string file, int index)
    {
        if (string.IsNullOrWhiteSpace(person))
        {
            throw new InvalidDataException($"{file}: face #{index + 1} has no name.");
        }

        if (descriptor is null || descriptor.Length != DescriptorLength || descriptor.Any(v => !double.IsFinite(v)))
        {
            throw new InvalidDataException($"{file}: face #{index + 1} ({person}) is not {DescriptorLength} finite numbers.");
        }

        return new KnownFace(person.Trim(), Array.ConvertAll(descriptor, v => (float)v));
    }

    internal static byte[] ReadBounded(Stream stream, string name)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > MaxBytes)
            {
                throw new InvalidDataException($"{name}: larger than {MaxBytes / (1024 * 1024)} MB.");
            }
        }

        return buffer.ToArray();
    }

    private sealed record FacesDocument(
        string? Format,
        int Version,
        int DescriptorLength,
        [property: JsonPropertyName("faces")] IReadOnlyList<FaceEntry>? Faces);

    private sealed record FaceEntry(string? Name, float[]? Descriptor);
}
