namespace Classroom.Recognition.Roster;

/// <summary>A known face: a person's name and one 128-d descriptor (a person may have several).</summary>
public sealed record KnownFace(string Name, float[] Descriptor);

/// <summary>A student's academic record, as the original's student_data.json holds it.</summary>
public sealed record StudentRecord(string Name, string Major, string Year, int? Id = null);

/// <summary>What erasing a person removed: their student records (0 or 1) and known faces.</summary>
public sealed record StoreErasure(int Records, int Faces)
{
    /// <summary>True when there was anything of the person to remove.</summary>
    public bool Found => Records + Faces > 0;
}

/// <summary>The known faces the matcher compares against.</summary>
public interface IKnownFaceStore
{
    ValueTask<IReadOnlyList<KnownFace>> GetAllAsync(CancellationToken cancellationToken);
}

/// <summary>Student records, looked up by the recognised person's name (a point read, never a scan).</summary>
public interface IStudentRecords
{
    ValueTask<StudentRecord?> FindAsync(string name, CancellationToken cancellationToken);
}
