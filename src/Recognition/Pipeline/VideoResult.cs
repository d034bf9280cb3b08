using Classroom.Recognition.Faces;

namespace Classroom.Recognition.Pipeline;

/// <summary>How much of a video is looked at.</summary>
public enum RecognitionMode
{
    /// <summary>The original's semantics: the first sampled frame with a face; its most confident (then largest) face is recognised.</summary>
    First,

    /// <summary>Attendance: every enrolled student seen anywhere in the video.</summary>
    All,
}

/// <summary>The outcome of one video. Serialised in snake_case: recognized, unknown_person, no_face, no_record, error.</summary>
public enum VideoStatus
{
    Recognized,
    UnknownPerson,
    NoFace,

    /// <summary>A known face was recognised but the student records have no entry for that name.</summary>
    NoRecord,
    Error,
}

/// <summary>A recognised person and their record (Major/Year null when the records have no entry).</summary>
public sealed record StudentSighting(string Name, string? Major, string? Year, double Distance, TimeSpan Time, FaceBox Box);

/// <summary>The result of processing one video.</summary>
/// <param name="Video">The video's name as given (file name or blob path).</param>
/// <param name="UnknownFaces">Faces seen that matched nobody within tolerance (counted, never named).</param>
/// <param name="Error">A readable reason when <see cref="Status"/> is <see cref="VideoStatus.Error"/>.</param>
public sealed record VideoResult(string Video, VideoStatus Status, IReadOnlyList<StudentSighting> Students, int UnknownFaces, string? Error = null);
