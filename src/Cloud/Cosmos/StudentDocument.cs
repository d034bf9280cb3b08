using Classroom.Recognition.Roster;

namespace Classroom.Cloud.Cosmos;

/// <summary>A student as stored in Cosmos DB: <c>id</c> (and partition key) = the student's name.</summary>
public sealed record StudentDocument(string Id, string Name, string Major, string Year, int? StudentId)
{
    /// <summary>Characters Cosmos DB does not allow in an <c>id</c>.</summary>
    private static readonly char[] IllegalIdCharacters = ['/', '\\', '?', '#'];

    public static StudentDocument From(StudentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new StudentDocument(record.Name, record.Name, record.Major, record.Year, record.Id);
    }

    public StudentRecord ToRecord() => new(Name, Major, Year, StudentId);

    /// <summary>True when <paramref name="name"/> can be a Cosmos DB id (non-empty, ≤ 255 characters, none of / \ ? #).</summary>
    public static bool IsValidId(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= 255 && name.IndexOfAny(IllegalIdCharacters) < 0;
}
