using System.Globalization;
using System.Text.Json;

namespace Classroom.Recognition.Roster;

/// <summary>The original's <c>student_data.json</c>: <c>[{"id", "name", "major", "year"}]</c>, read as it is and written back the same way.</summary>
public static class StudentRecordsFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IReadOnlyList<StudentRecord> Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads the records; a malformed file throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static IReadOnlyList<StudentRecord> Read(Stream stream, string? name = null)
    {
        name ??= "student records file";
        var data = RosterFileBytes.ReadBounded(stream, name);
        RosterFileBytes.RequireUtf8(data, name);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(data, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{name}: invalid JSON ({RosterFileBytes.Printable(e.Message, maxLength: 300)}).", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{name}: expected a JSON array of {{\"id\", \"name\", \"major\", \"year\"}} records.");
            }

            var records = new List<StudentRecord>();
            var index = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                index++;
                records.Add(new StudentRecord(
                    Text(item, "name", name, index) ?? throw new InvalidDataException($"{name}: record #{index} has no name."),
                    Text(item, "major", name, index) ?? string.Empty,
                    Text(item, "year", name, index) ?? string.Empty,
                    Id(item, name, index)));
            }

            return records;
        }
    }

    public static void Write(Stream stream, IEnumerable<StudentRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        JsonSerializer.Serialize(stream, records.Select(r => new { id = r.Id, name = r.Name, major = r.Major, year = r.Year }), Json);
    }

    private static string? Text(JsonElement item, string property, string file, int index)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{file}: record #{index} is not an object.");
        }

        if (!item.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!.Trim(),
            JsonValueKind.Number => value.GetRawText(),
            _ => throw new InvalidDataException($"{file}: record #{index} has a non-text \"{property}\"."),
        };
    }

    private static int? Id(JsonElement item, string file, int index)
    {
        if (!item.TryGetProperty("id", out var id) || id.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (id.ValueKind == JsonValueKind.Number && id.TryGetInt32(out var n))
        {
            return n;
        }

        if (id.ValueKind == JsonValueKind.String && int.TryParse(id.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out n))
        {
            return n;
        }

        throw new InvalidDataException($"{file}: record #{index} has an \"id\" that is not an integer.");
    }
}
