namespace Classroom.Recognition.Roster;

/// <summary>Known faces held in memory (e.g. read from a <c>--faces</c> file).</summary>
public sealed class InMemoryKnownFaceStore(IEnumerable<KnownFace> faces) : IKnownFaceStore
{
    private readonly IReadOnlyList<KnownFace> _faces = [.. faces];

    public ValueTask<IReadOnlyList<KnownFace>> GetAllAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_faces);
}

/// <summary>Student records held in memory (e.g. read from a <c>--students</c> file); names match exactly, as a database key does.</summary>
public sealed class InMemoryStudentRecords : IStudentRecords
{
    private readonly Dictionary<string, StudentRecord> _byName = new(StringComparer.Ordinal);

    public InMemoryStudentRecords(IEnumerable<StudentRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            _byName[record.Name] = record; // the last record of a name wins, as an upsert would
        }
    }

    public ValueTask<StudentRecord?> FindAsync(string name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_byName.GetValueOrDefault(name));
}
