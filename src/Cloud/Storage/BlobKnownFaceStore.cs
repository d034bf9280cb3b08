using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Classroom.Recognition.Roster;
using Microsoft.Extensions.Logging;

namespace Classroom.Cloud.Storage;

/// <summary>Parses a known-faces file from its bytes; <paramref name="name"/> names it in error messages.</summary>
public delegate IReadOnlyList<KnownFace> KnownFacesParser(Stream content, string name);

/// <summary>
/// The known faces of a function instance: the roster blob (<c>Classroom:RosterContainer</c>/<c>RosterBlob</c>),
/// downloaded once and then revalidated per call with a conditional GET (<c>If-None-Match</c>: one small
/// request answered 304 while unchanged), so <c>./classroom faces push</c> takes effect on the next video
/// without a restart. A missing roster throws: recognising against nobody would write wrong results.
/// </summary>
public sealed partial class BlobKnownFaceStore(BlobClient blob, KnownFacesParser parse, ILogger<BlobKnownFaceStore> logger) : IKnownFaceStore, IDisposable
{
    /// <summary>The product's parser: our JSON format or the original's pickle, told apart by content (<see cref="KnownFacesFile"/>).</summary>
    public static readonly KnownFacesParser Formats = KnownFacesFile.Read;

    private readonly SemaphoreSlim gate = new(1, 1);
    private (ETag ETag, IReadOnlyList<KnownFace> Faces)? current;

    public async ValueTask<IReadOnlyList<KnownFace>> GetAllAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var cached = current;
            var options = new BlobDownloadOptions
            {
                Conditions = cached is { } c ? new BlobRequestConditions { IfNoneMatch = c.ETag } : null,
            };
            try
            {
                var response = await blob.DownloadStreamingAsync(options, cancellationToken);
                if (response.GetRawResponse().Status == 304 && cached is { } unchanged)
                {
                    return unchanged.Faces; // 304 Not Modified: no body, the cached roster is current
                }

                using var download = response.Value;

                var details = download.Details;
                var faces = parse(download.Content, $"roster blob {blob.BlobContainerName}/{blob.Name}");
                current = (details.ETag, faces);
                LogRosterLoaded(logger, blob.Name, faces.Count, details.ETag);
                return faces;
            }
            catch (RequestFailedException e) when (e.Status == 304 && cached is { } unchanged)
            {
                return unchanged.Faces;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                throw new InvalidOperationException(
                    $"The known-faces blob '{blob.BlobContainerName}/{blob.Name}' does not exist: upload it with `./classroom faces push`.", e);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} known faces from roster blob {Blob} (ETag {ETag})")]
    private static partial void LogRosterLoaded(ILogger logger, string blob, int count, ETag eTag);
}
