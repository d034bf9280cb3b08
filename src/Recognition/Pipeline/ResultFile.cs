namespace Classroom.Recognition.Pipeline;

/// <summary>
/// One video, one result, written the same way by both hosts (the CLI's folder, the function's output container): the
/// original's CSV (<see cref="ResultCsv"/>) for a processed video, and its JSON result (<see cref="ResultJson"/>, status and
/// error) as <see cref="ErrorExtension"/> for a video that could not be processed. Writing one kind removes the other kind an
/// earlier version of the video left. Names: <see cref="ResultNames"/>.
/// </summary>
public static class ResultFile
{
    public const string CsvExtension = ".csv";

    public const string ErrorExtension = ".error.json";

    /// <summary>The content type of the result's bytes (a blob's Content-Type).</summary>
    public static string ContentType(VideoResult result) => IsError(result) ? "application/json" : "text/csv; charset=utf-8";

    /// <summary>Whether the result is written as an error (<see cref="ErrorExtension"/>) rather than a CSV.</summary>
    public static bool IsError(VideoResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Status == VideoStatus.Error;
    }

    /// <summary>Writes the result's bytes: the CSV, or for an error the JSON result.</summary>
    public static Task WriteAsync(VideoResult result, Stream destination, CancellationToken cancellationToken) =>
        IsError(result) ? ResultJson.WriteAsync(result, destination, cancellationToken) : ResultCsv.WriteAsync(result, destination, cancellationToken);

    /// <summary>
    /// Writes the result into <paramref name="folder"/> (created owner-only) as <paramref name="csvName"/> (default
    /// <see cref="ResultNames.FileNameFor"/>), or for an error as the same name with <see cref="ErrorExtension"/>, and returns
    /// its path; the other kind's file is removed. Atomic: a short hidden temp file in the same folder (short, so a name as
    /// long as a file name may be still fits; random, so concurrent writers never share one) renamed over the result, and
    /// deleted on every failure (a full disk, cancellation). Owner-only: a result names students and their records.
    /// </summary>
    public static async Task<string> WriteFileAsync(VideoResult result, string folder, string? csvName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        PrivateFiles.CreateFolder(folder);
        var csv = Path.Combine(folder, csvName ?? ResultNames.FileNameFor(result.Video));
        var error = Path.Combine(folder, Path.GetFileName(ResultNames.ErrorFor(Path.GetFileName(csv), result.Video)));
        var (path, stale) = IsError(result) ? (error, csv) : (csv, error);
        var temp = Path.Combine(folder, $".result-{Guid.NewGuid().ToString("N")[..12]}.tmp");
        try
        {
            var file = PrivateFiles.Create(temp);
            await using (file.ConfigureAwait(false))
            {
                await WriteAsync(result, file, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        File.Delete(stale);
        return path;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done about a temp file that cannot be deleted; the write's own error is what matters.
        }
    }
}
