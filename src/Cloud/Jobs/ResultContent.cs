using Classroom.Recognition.Pipeline;

namespace Classroom.Cloud.Jobs;

/// <summary>
/// The bytes of a result blob: the pipeline's CSV (the original's <c>name,major,year</c>) for a processed
/// video — header only when nobody was recognised, the status being in the blob's metadata — and the
/// pipeline's JSON result (status and error) as <c>.error.json</c> for a video that could not be processed.
/// </summary>
public static class ResultContent
{
    /// <summary>Writes the result and returns its content type.</summary>
    public static async Task<string> WriteAsync(VideoResult result, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Status == VideoStatus.Error)
        {
            await ResultJson.WriteAsync(result, destination, cancellationToken);
            return "application/json";
        }

        await ResultCsv.WriteAsync(result, destination, cancellationToken);
        return "text/csv; charset=utf-8";
    }
}
