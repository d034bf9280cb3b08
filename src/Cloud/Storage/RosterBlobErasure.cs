using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Classroom.Recognition.Roster;

namespace Classroom.Cloud.Storage;

/// <summary>
/// Erasing a person from the roster blob (<c>./classroom students forget NAME --cloud</c>). The blob is rewritten
/// without their faces, on condition that it is still the version read (If-Match), so a <c>faces push</c> at the same
/// moment is never overwritten with an older roster: on a conflict it is read again. Older copies of the blob
/// (snapshots; previous versions where versioning is on) still hold the person: <see cref="PurgeOlderCopiesAsync"/>
/// deletes them. With blob soft delete on (as Bicep deploys the account), every overwritten or deleted copy stays
/// recoverable for the account's retention and only then is erased; no client can erase it sooner
/// (<see cref="SoftDeleteRetentionDaysAsync"/> says for how long).
/// </summary>
public static class RosterBlobErasure
{
    /// <summary>Attempts at the read-and-rewrite when other writers keep changing the blob in between.</summary>
    private const int Attempts = 5;

    /// <summary>Removes every face of <paramref name="name"/> from the roster blob; when none is left, deletes the blob.</summary>
    public static async Task<RosterRemoval> RemovePersonAsync(BlobClient roster, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(name);
        for (var attempt = 1; ; attempt++)
        {
            BlobDownloadResult download;
            try
            {
                download = (await roster.DownloadContentAsync(cancellationToken)).Value;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return new RosterRemoval(BlobFound: false, FacesRemoved: 0, FacesLeft: 0, PeopleLeft: 0);
            }

            var faces = KnownFacesFile.Read(download.Content.ToStream(), $"roster blob {roster.BlobContainerName}/{roster.Name}");
            var kept = faces.Where(f => !string.Equals(f.Name, name, StringComparison.Ordinal)).ToList();
            var removal = new RosterRemoval(true, faces.Count - kept.Count, kept.Count, kept.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count());
            if (removal.FacesRemoved == 0)
            {
                return removal;
            }

            var unchanged = new BlobRequestConditions { IfMatch = download.Details.ETag };
            try
            {
                if (kept.Count == 0)
                {
                    // No roster is better than an empty one: the function then says the roster is missing, instead of
                    // calling everyone a stranger. A blob's snapshots go with it (the service allows no other way).
                    await roster.DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, unchanged, cancellationToken);
                }
                else
                {
                    await RosterPush.WriteAsync(roster, kept, unchanged, cancellationToken);
                }

                return removal;
            }
            catch (RequestFailedException e) when (e.Status is 412 or 409 && attempt < Attempts)
            {
                // Changed since it was read (412), or being written (409): read the new roster and try again.
            }
        }
    }

    /// <summary>The blob's older copies: snapshots and previous versions, soft-deleted ones included.</summary>
    public static async Task<IReadOnlyList<BlobItem>> OlderCopiesAsync(BlobClient roster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roster);
        var copies = new List<BlobItem>();
        var container = roster.GetParentBlobContainerClient();
        try
        {
            await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.Snapshots | BlobStates.Version | BlobStates.Deleted, roster.Name, cancellationToken))
            {
                if (item.Name == roster.Name && (!string.IsNullOrEmpty(item.Snapshot) || (!string.IsNullOrEmpty(item.VersionId) && item.IsLatestVersion != true)))
                {
                    copies.Add(item);
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No container: no copies.
        }

        return copies;
    }

    /// <summary>
    /// Deletes the roster blob's snapshots and previous versions. Those already soft-deleted cannot be deleted by a
    /// client; they are counted in <see cref="OlderCopiesPurge.AwaitingExpiry"/> (with the ones this deleted, when
    /// soft delete is on) and disappear when the retention expires.
    /// </summary>
    public static async Task<OlderCopiesPurge> PurgeOlderCopiesAsync(BlobClient roster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roster);
        int deleted = 0, alreadySoftDeleted = 0;
        foreach (var copy in await OlderCopiesAsync(roster, cancellationToken))
        {
            if (copy.Deleted)
            {
                alreadySoftDeleted++;
                continue;
            }

            var client = string.IsNullOrEmpty(copy.Snapshot) ? roster.WithVersion(copy.VersionId) : roster.WithSnapshot(copy.Snapshot);
            try
            {
                await client.DeleteAsync(DeleteSnapshotsOption.None, conditions: null, cancellationToken);
                deleted++;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Gone in the meantime.
            }
        }

        return new OlderCopiesPurge(deleted, alreadySoftDeleted);
    }

    /// <summary>
    /// The account's blob soft-delete retention in days (0: soft delete is off, deleted data is gone at once), or null
    /// when the service properties cannot be read (an identity with data roles only may not read them).
    /// </summary>
    public static async Task<int?> SoftDeleteRetentionDaysAsync(BlobServiceClient service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        try
        {
            var policy = (await service.GetPropertiesAsync(cancellationToken)).Value.DeleteRetentionPolicy;
            return policy is { Enabled: true } ? policy.Days ?? 0 : 0;
        }
        catch (RequestFailedException)
        {
            return null;
        }
    }
}

/// <summary>What erasing a person from the roster blob did: whether the blob exists, faces removed, what is left (nothing left: the blob was deleted).</summary>
public sealed record RosterRemoval(bool BlobFound, int FacesRemoved, int FacesLeft, int PeopleLeft)
{
    public bool BlobDeleted => FacesRemoved > 0 && FacesLeft == 0;
}

/// <summary>Older copies of the roster blob: deleted now, and soft-deleted earlier (erased by the service when the retention expires).</summary>
public sealed record OlderCopiesPurge(int Deleted, int AwaitingExpiry);
