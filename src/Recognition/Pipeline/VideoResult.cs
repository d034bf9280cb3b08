using Classroom.Recognition.Faces;

namespace Classroom.Recognition.Pipeline;

/// <summary>How much of a video is looked at.</summary>
public enum RecognitionMode
{
    /// <summary>
    /// The original's semantics, the first person seen, decided on evidence: the faces of the first sampled frame with a
    /// face and of the next few (<see cref="MatchingOptions.EvidenceFrames"/>); a face that matches a student beats one that
    /// matches nobody, and between students the nearer match wins.
    /// </summary>
    First,

    /// <summary>Attendance: every enrolled student seen anywhere in the video.</summary>
    All,
}

/// <summary>The outcome of one video. Serialised in snake_case: recognized, unknown_person, no_face, no_record, ambiguous, error.</summary>
public enum VideoStatus
{
    Recognized,
    UnknownPerson,
    NoFace,

    /// <summary>A known face was recognised but the student records have no entry for that name.</summary>
    NoRecord,
    Error,

    /// <summary>A face lies within tolerance of two people too alike to tell apart: nobody is named; the candidates are reported.</summary>
    Ambiguous,
}

/// <summary>How results spell a status (the JSON's <c>status</c>, the CLI's table, a result blob's metadata): snake_case.</summary>
public static class VideoStatusNames
{
    public static string ToName(this VideoStatus status) => status switch
    {
        VideoStatus.Recognized => "recognized",
        VideoStatus.UnknownPerson => "unknown_person",
        VideoStatus.NoFace => "no_face",
        VideoStatus.NoRecord => "no_record",
        VideoStatus.Error => "error",
        VideoStatus.Ambiguous => "ambiguous",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

/// <summary>A person a face could be, with the distance to them (for <see cref="VideoStatus.Ambiguous"/>).</summary>
public sealed record MatchCandidate(string Name, double Distance);

/// <summary>A recognised person and their record (Major/Year null when the records have no entry).</summary>
/// <param name="Distance">From the face's aggregated descriptor (all its views) to the nearest of the person's known faces.</param>
/// <param name="Margin">How much farther the second-nearest person is (+∞ with one person known).</param>
/// <param name="Frames">Sampled frames of the face the decision rests on.</param>
public sealed record StudentSighting(string Name, string? Major, string? Year, double Distance, TimeSpan Time, FaceBox Box,
    double Margin = double.PositiveInfinity, int Frames = 1);

/// <summary>A face nobody was named for, where it was first seen (in the decoded frame's coordinates).</summary>
/// <param name="Frames">Sampled frames it was seen in.</param>
public sealed record FaceSighting(TimeSpan Time, FaceBox Box, int Frames);

/// <summary>The result of processing one video.</summary>
/// <param name="Video">The video's name as given (file name or blob path).</param>
/// <param name="UnknownFaces">Faces seen that matched nobody within tolerance (counted, never named).</param>
/// <param name="Error">A readable reason when <see cref="Status"/> is <see cref="VideoStatus.Error"/>.</param>
/// <param name="Candidates">When <see cref="Status"/> is <see cref="VideoStatus.Ambiguous"/>: the people the face could be, nearest first.</param>
/// <param name="Warnings">About the run (e.g. an empty roster).</param>
/// <param name="Frames">Sampled frames read (for operations: what a video cost).</param>
/// <param name="Unknowns">Where each of the <see cref="UnknownFaces"/> was first seen (for a report; not in the JSON).</param>
public sealed record VideoResult(string Video, VideoStatus Status, IReadOnlyList<StudentSighting> Students, int UnknownFaces, string? Error = null,
    IReadOnlyList<MatchCandidate>? Candidates = null, IReadOnlyList<string>? Warnings = null, int Frames = 0, IReadOnlyList<FaceSighting>? Unknowns = null);
