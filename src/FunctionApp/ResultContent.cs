using System.Text.Json;
using System.Text.Json.Serialization;
using Classroom.Recognition.Pipeline;

namespace Classroom.FunctionApp;

/// <summary>The bytes of a result blob: the CSV for a processed video, a JSON error document for one that could not be.</summary>
public static class ResultContent
{
    private static readonly JsonSerializerOptions ErrorJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Writes the result and returns its content type.</summary>
    public static async Task<string> WriteAsync(VideoResult result, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Status == VideoStatus.Error)
        {
            var document = new ErrorDocument(result.Video, StatusName(result.Status), result.Error ?? "The video could not be processed.");
            await JsonSerializer.SerializeAsync(destination, document, ErrorJson, cancellationToken);
            return "application/json";
        }

        await PendingCsv.WriteAsync(result, destination, cancellationToken);
        return "text/csv; charset=utf-8";
    }

    /// <summary>The status as results and metadata spell it (snake_case).</summary>
    public static string StatusName(VideoStatus status) => status switch
    {
        VideoStatus.Recognized => "recognized",
        VideoStatus.UnknownPerson => "unknown_person",
        VideoStatus.NoFace => "no_face",
        VideoStatus.NoRecord => "no_record",
        VideoStatus.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The <c>.error.json</c> document.</summary>
    public sealed record ErrorDocument(
        [property: JsonPropertyName("video")] string Video,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("error")] string Error);
}
