using Classroom.Recognition.Pipeline;
using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Classroom.Cloud.Storage;

/// <summary>One video's result as a watch saw it arrive.</summary>
/// <param name="Upload">The uploaded version.</param>
/// <param name="Uploaded">When its upload completed.</param>
/// <param name="Result">What came back (name, status, text; null name when none came in time).</param>
/// <param name="Arrived">When the watch first saw the result (within one poll interval of its writing); null when none came.</param>
public sealed record WatchedResult(UploadedBlob Upload, DateTimeOffset Uploaded, UploadResult Result, DateTimeOffset? Arrived)
{
    /// <summary>Upload completed → result seen, null when none came in time.</summary>
    public TimeSpan? Latency => Arrived - Uploaded;
}

/// <summary>
/// Waits for the results of many uploads at once, as they are made: one listing of the output container under a prefix
/// per poll (with metadata), not a request per video, so a workload's watch costs the storage account little. A result
/// counts only when its <c>sourceetag</c> is the uploaded version's ETag, so an earlier run's result never does.
/// </summary>
public sealed class ResultWatch(BlobContainerClient output, string prefix, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Pending> pending = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<WatchedResult> arrived = new();
    private readonly List<Pending> all = [];

    private sealed record Pending(UploadedBlob Upload, DateTimeOffset Uploaded, string ETag);

    /// <summary>Starts watching for <paramref name="upload"/>'s result; its upload completed now. The name must lie under the prefix.</summary>
    public void Expect(UploadedBlob upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var name = upload.Blob.Name;
        if (!name.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{name} is not under the watched prefix {prefix}", nameof(upload));
        }

        var entry = new Pending(upload, time.GetUtcNow(), upload.ETag.Trim('"'));
        // Pending first: once the entry counts in `all`, its result is awaited (never "all in and nothing pending" between).
        pending[ResultNames.Csv(name)] = entry;
        pending[ResultNames.Error(name)] = entry;
        lock (all)
        {
            all.Add(entry);
        }
    }

    /// <summary>Stops waiting for <paramref name="upload"/>'s result (its host gave up on it): it is reported without one.</summary>
    public void GiveUp(UploadedBlob upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        pending.TryRemove(ResultNames.Csv(upload.Blob.Name), out _);
        pending.TryRemove(ResultNames.Error(upload.Blob.Name), out _);
    }

    /// <summary>
    /// Polls until <paramref name="total"/> uploads have been expected and each has its result (or was given up), or until
    /// <paramref name="timeout"/> after the latest upload; returns one entry per upload in the order expected. Until all
    /// are expected it never stops on its own: cancel it if the uploads fail.
    /// </summary>
    public async Task<IReadOnlyList<WatchedResult>> WaitAsync(int total, TimeSpan timeout, TimeSpan poll, CancellationToken cancellationToken)
    {
        while (true)
        {
            await PollAsync(cancellationToken).ConfigureAwait(false);
            DateTimeOffset? deadline = null;
            lock (all)
            {
                if (all.Count >= total)
                {
                    // Every upload is in: the clock runs from the latest one (uploads finish out of order).
                    deadline = all.Count == 0 ? time.GetUtcNow() : all.Max(p => p.Uploaded) + timeout;
                }
            }

            if (deadline is { } end && (pending.IsEmpty || time.GetUtcNow() >= end))
            {
                break;
            }

            await Task.Delay(poll, time, cancellationToken).ConfigureAwait(false);
        }

        var seen = arrived.ToDictionary(r => r.Upload.Blob.Name, StringComparer.Ordinal);
        lock (all)
        {
            return [.. all.Select(p => seen.TryGetValue(p.Upload.Blob.Name, out var r) ? r
                : new WatchedResult(p.Upload, p.Uploaded, new UploadResult(p.Upload.Blob.Name, null, null, null), null))];
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        if (pending.IsEmpty)
        {
            return;
        }

        var found = new List<(string Name, Pending Entry, string? Status)>();
        try
        {
            await foreach (var item in output.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
            {
                if (pending.TryGetValue(item.Name, out var entry)
                    && ResultMetadata.IsResultOf(item.Metadata, entry.ETag))
                {
                    item.Metadata.TryGetValue(ResultMetadata.StatusKey, out var status);
                    found.Add((item.Name, entry, status));
                }
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return; // the output container does not exist yet: nothing written
        }

        var now = time.GetUtcNow();
        foreach (var (name, entry, status) in found)
        {
            var content = (await output.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToString();
            if (pending.TryRemove(ResultNames.Csv(entry.Upload.Blob.Name), out _) | pending.TryRemove(ResultNames.Error(entry.Upload.Blob.Name), out _))
            {
                arrived.Enqueue(new WatchedResult(entry.Upload, entry.Uploaded, new UploadResult(entry.Upload.Blob.Name, name, status, content), now));
            }
        }
    }
}
