using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Classroom.Cloud.Storage;

/// <summary>Uploads files (videos, rosters) the way <c>./classroom upload</c> and <c>faces push</c> do.</summary>
public static class BlobUploads
{
    /// <summary>Streams <paramref name="path"/> to <paramref name="blobName"/>, creating the container when missing; returns the new blob's properties.</summary>
    public static async Task<UploadedBlob> UploadFileAsync(BlobContainerClient container, string path, string blobName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(container);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var blob = container.GetBlobClient(blobName);
        var contentType = ContentTypeOf(blobName);
        await using var file = File.OpenRead(path);
        var info = await blob.UploadAsync(
            file,
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
            cancellationToken);
        return new UploadedBlob(blob, info.Value.ETag.ToString(), file.Length, contentType);
    }

    /// <summary>
    /// The blob name for an uploaded file, under an optional prefix (<c>a/b</c>): a relative path inside the current
    /// folder keeps its folders (<c>week1/room2/x.mp4</c>; the result lands in the same folder), any other path gives
    /// its file name.
    /// </summary>
    public static string BlobNameFor(string path, string? prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.GetFullPath(path)).Replace('\\', '/');
        var name = Path.IsPathRooted(path) || relative.StartsWith("../", StringComparison.Ordinal) || relative == ".." ? Path.GetFileName(path) : relative;
        return string.IsNullOrWhiteSpace(prefix) ? name : $"{prefix.Trim('/')}/{name}";
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name).ToUpperInvariant() switch
    {
        ".MP4" or ".M4V" => "video/mp4",
        ".MOV" => "video/quicktime",
        ".WEBM" => "video/webm",
        ".MKV" => "video/x-matroska",
        ".AVI" => "video/x-msvideo",
        ".JSON" => "application/json",
        _ => "application/octet-stream",
    };
}

/// <summary>An uploaded blob and the facts an Event Grid BlobCreated event carries about it.</summary>
public sealed record UploadedBlob(BlobClient Blob, string ETag, long ContentLength, string ContentType);
