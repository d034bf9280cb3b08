using System.Text.Json;
using System.Text.Json.Serialization;

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

    /// <summary>
    /// The most faces a file may hold: a school's roster, even with several photos of each student, is a few
    /// thousand; 100 000 leaves room for a district and keeps what a file can make the loader build to ~60 MB.
    /// </summary>
    public const int MaxFaces = 100_000;

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
        var data = RosterFileBytes.ReadBounded(stream, name);
        if (data.Length == 0)
        {
            throw new InvalidDataException($"{name}: file is empty.");
        }

        var first = data.AsSpan().TrimStart(" \t\r\n\uFEFF"u8);
        return data[0] == 0x80 ? FacesPickle.Read(data, name)
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

    private static List<KnownFace> ReadJson(byte[] data, string name)
    {
        RosterFileBytes.RequireUtf8(data, name);
        FacesDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<FacesDocument>(data, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{name}: invalid JSON ({RosterFileBytes.Printable(e.Message, maxLength: 300)}).", e);
        }

        if (document is null || document.Format != FormatName)
        {
            throw new InvalidDataException($"{name}: not a {FormatName} file (its \"format\" is '{RosterFileBytes.Printable(document?.Format)}').");
        }

        if (document.Version is < 1 or > FormatVersion)
        {
            throw new InvalidDataException($"{name}: {FormatName} version {document.Version} is not supported (this build reads 1..{FormatVersion}).");
        }

        var entries = document.Faces ?? [];
        RequireAtMostMaxFaces(entries.Count, name);
        return [.. entries.Select((f, i) => Face(f?.Name, f?.Descriptor, name, i))];
    }

    /// <summary>
    /// A face from either format, checked as floats: a float64 beyond float32's range (1e300) becomes infinite when
    /// stored, and would then match nothing or everything.
    /// </summary>
    internal static KnownFace Face(string? person, float[]? descriptor, string file, int index)
    {
        if (string.IsNullOrWhiteSpace(person))
        {
            throw new InvalidDataException($"{file}: face #{index + 1} has no name.");
        }

        if (descriptor is null || descriptor.Length != DescriptorLength || !descriptor.All(float.IsFinite))
        {
            throw new InvalidDataException($"{file}: face #{index + 1} ({RosterFileBytes.Printable(person)}) is not {DescriptorLength} finite numbers.");
        }

        return new KnownFace(person.Trim(), descriptor);
    }

    internal static void RequireAtMostMaxFaces(long count, string name)
    {
        if (count > MaxFaces)
        {
            throw new InvalidDataException($"{name}: {count} faces; at most {MaxFaces} are read (a school's roster, several photos a student, is far fewer).");
        }
    }

    private sealed record FacesDocument(
        string? Format,
        int Version,
        int DescriptorLength,
        [property: JsonPropertyName("faces")] IReadOnlyList<FaceEntry>? Faces);

    private sealed record FaceEntry(string? Name, float[]? Descriptor);
}
