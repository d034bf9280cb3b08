using Azure;
using Azure.Storage.Blobs;
using Classroom.Recognition.Pipeline;

namespace Classroom.Cloud.Storage;

/// <summary>The result of one upload, once the function has written it for that very version of the video.</summary>
/// <param name="Video">The input blob's name.</param>
/// <param name="Result">The result blob's name (CSV, or <c>.error.json</c>), null when none came in time.</param>
/// <param name="Status">The result's status metadata (recognized, …, error), null when none came in time.</param>
/// <param name="Content">The result's text.</param>
public sealed record UploadResult(string Video, string? Result, string? Status, string? Content);

/// <summary>
/// Waits for the results of uploaded videos, all at once: a result counts only when its <c>sourceetag</c> metadata is the
/// uploaded version's ETag, so a re-upload never shows the previous version's CSV.
/// </summary>
public static class ResultWaiter
{
    public static Task<UploadResult[]> WaitAsync(BlobContainerClient output, IEnumerable<UploadedBlob> uploads, TimeSpan timeout, TimeSpan poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Task.WhenAll(uploads.Select(u => WaitOneAsync(output, u, timeout, poll, cancellationToken)));
    }

    private static async Task<UploadResult> WaitOneAsync(BlobContainerClient output, UploadedBlob upload, TimeSpan timeout, TimeSpan poll, CancellationToken cancellationToken)
    {
        var name = upload.Blob.Name;
        var eTag = upload.ETag.Trim('"');
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            foreach (var candidate in new[] { ResultNames.Csv(name), ResultNames.Error(name) })
            {
                var blob = output.GetBlobClient(candidate);
                try
                {
                    var content = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
                    if (ResultMetadata.IsResultOf(content.Details.Metadata, eTag))
                    {
                        content.Details.Metadata.TryGetValue(ResultMetadata.StatusKey, out var status);
                        return new UploadResult(name, candidate, status, content.Content.ToString());
                    }
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    // not written yet
                }
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                return new UploadResult(name, null, null, null);
            }

            await Task.Delay(poll, cancellationToken).ConfigureAwait(false);
        }
    }
}
