using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Classroom.Recognition.Pipeline;

/// <summary>
/// The result as one JSON object: <c>{"video","status","students":[{"name","major","year","distance","margin","frames","time","box"}],"unknown_faces","candidates":[{"name","distance"}],"error","warnings","csv"}</c>.
/// Status in snake_case (recognized, unknown_person, no_face, no_record, ambiguous, error); time in seconds; box in the
/// decoded frame's pixels; margin null when only one person is known; candidates empty unless ambiguous; warnings about
/// the run (e.g. an empty roster: nobody can be named); csv the path of the CSV written, null when none was.
/// </summary>
public static class ResultJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>One line of JSON (no indentation), e.g. for one-object-per-line output.</summary>
    public static string ToJson(VideoResult result, string? csv = null) => JsonSerializer.Serialize(Document(result, csv), Options);

    public static Task WriteAsync(VideoResult result, Stream destination, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(destination, Document(result, null), Options, cancellationToken);

    private static ResultDocument Document(VideoResult result, string? csv)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ResultDocument(
            result.Video,
            result.Status.ToName(),
            [.. result.Students.Select(s => new StudentDocument(
                s.Name, s.Major, s.Year, Math.Round(s.Distance, 4), double.IsFinite(s.Margin) ? Math.Round(s.Margin, 4) : null, s.Frames, Math.Round(s.Time.TotalSeconds, 3),
                new BoxDocument((int)MathF.Round(s.Box.X), (int)MathF.Round(s.Box.Y), (int)MathF.Round(s.Box.Width), (int)MathF.Round(s.Box.Height), Math.Round(s.Box.Score, 3))))],
            result.UnknownFaces,
            [.. (result.Candidates ?? []).Select(c => new CandidateDocument(c.Name, Math.Round(c.Distance, 4)))],
            result.Error,
            result.Warnings ?? [],
            csv);
    }

    private sealed record ResultDocument(
        [property: JsonPropertyName("video")] string Video,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("students")] IReadOnlyList<StudentDocument> Students,
        [property: JsonPropertyName("unknown_faces")] int UnknownFaces,
        [property: JsonPropertyName("candidates")] IReadOnlyList<CandidateDocument> Candidates,
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("warnings")] IReadOnlyList<string> Warnings,
        [property: JsonPropertyName("csv")] string? Csv);

    private sealed record CandidateDocument(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("distance")] double Distance);

    private sealed record StudentDocument(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("major")] string? Major,
        [property: JsonPropertyName("year")] string? Year,
        [property: JsonPropertyName("distance")] double Distance,
        [property: JsonPropertyName("margin")] double? Margin,
        [property: JsonPropertyName("frames")] int Frames,
        [property: JsonPropertyName("time")] double Time,
        [property: JsonPropertyName("box")] BoxDocument Box);

    private sealed record BoxDocument(
        [property: JsonPropertyName("x")] int X,
        [property: JsonPropertyName("y")] int Y,
        [property: JsonPropertyName("width")] int Width,
        [property: JsonPropertyName("height")] int Height,
        [property: JsonPropertyName("score")] double Score);
}
