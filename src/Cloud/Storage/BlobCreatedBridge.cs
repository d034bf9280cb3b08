using Azure.Storage.Blobs;

namespace Classroom.Cloud.Storage;

/// <summary>
/// Development only: what Azure Storage's Event Grid system topic does for Azurite, which emits no events. Each pass
/// lists the input container and posts one <c>Microsoft.Storage.BlobCreated</c> event (<see cref="BlobCreatedNotifier"/>)
/// for every blob version (ETag) not posted before, so that <c>func start</c> + Azurite + any upload client (azcopy,
/// Storage Explorer, <c>./classroom upload</c>) behave as in Azure. Blobs present at the first pass are posted too:
/// the function skips a video whose result is current, so nothing is done twice.
/// </summary>
public sealed class BlobCreatedBridge(BlobContainerClient input, BlobCreatedNotifier notifier, Uri webhook)
{
    private readonly Dictionary<string, string> _posted = new(StringComparer.Ordinal);

    /// <summary>One pass: the blobs posted (name → ETag, unquoted).</summary>
    public async Task<IReadOnlyList<UploadedBlob>> PassAsync(CancellationToken cancellationToken)
    {
        var posted = new List<UploadedBlob>();
        if (!await input.ExistsAsync(cancellationToken))
        {
            return posted;
        }

        await foreach (var item in input.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            var eTag = item.Properties.ETag?.ToString() ?? "";
            if (_posted.TryGetValue(item.Name, out var seen) && seen == eTag)
            {
                continue;
            }

            var blob = new UploadedBlob(input.GetBlobClient(item.Name), eTag, item.Properties.ContentLength ?? 0, item.Properties.ContentType ?? "application/octet-stream");
            await notifier.NotifyAsync(webhook, blob, cancellationToken);
            _posted[item.Name] = eTag;
            posted.Add(blob);
        }

        return posted;
    }
}
