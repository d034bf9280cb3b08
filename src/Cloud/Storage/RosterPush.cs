using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Classroom.Recognition.Roster;

namespace Classroom.Cloud.Storage;

/// <summary>Publishes known faces as the roster blob the function app reads (what <c>./classroom faces push</c> does).</summary>
public static class RosterPush
{
    /// <summary>
    /// Writes <paramref name="faces"/> in our known-faces JSON format (whatever format they were read from, so the
    /// blob is always the documented one), creating the container when missing. The new ETag makes every
    /// running instance reload the roster on its next video.
    /// </summary>
    public static async Task<int> PushAsync(BlobClient roster, IReadOnlyCollection<KnownFace> faces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(faces);
        if (faces.Count == 0)
        {
            throw new ArgumentException("No known faces to push: an empty roster would make every video 'unknown_person'.", nameof(faces));
        }

        await roster.GetParentBlobContainerClient().CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await WriteAsync(roster, faces, conditions: null, cancellationToken);
        return faces.Count;
    }

    /// <summary>The roster blob's content and type, for every writer; <paramref name="conditions"/> e.g. If-Match the version read.</summary>
    internal static async Task WriteAsync(BlobClient roster, IReadOnlyCollection<KnownFace> faces, BlobRequestConditions? conditions, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        KnownFacesFile.Write(content, faces);
        content.Position = 0;
        await roster.UploadAsync(
            content,
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" }, Conditions = conditions },
            cancellationToken);
    }
}
