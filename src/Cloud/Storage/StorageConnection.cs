using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Classroom.Cloud.Storage;

/// <summary>
/// Reads the storage connection the way the Functions host reads a trigger's <c>Connection</c>: either a
/// connection string as the section's value (Azurite: <c>UseDevelopmentStorage=true</c>), or an
/// identity-based section with <c>blobServiceUri</c> (or <c>serviceUri</c>/<c>accountName</c>).
/// </summary>
public static class StorageConnection
{
    public static BlobServiceClient CreateBlobServiceClient(IConfiguration configuration, TokenCredential credential, BlobClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var name = ClassroomCloudOptions.StorageConnectionName;
        var section = configuration.GetSection(name);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new BlobServiceClient(section.Value, options);
        }

        if (!string.IsNullOrWhiteSpace(section["connectionString"]))
        {
            return new BlobServiceClient(section["connectionString"], options);
        }

        var serviceUri = section["blobServiceUri"] ?? section["serviceUri"];
        if (string.IsNullOrWhiteSpace(serviceUri) && !string.IsNullOrWhiteSpace(section["accountName"]))
        {
            serviceUri = $"https://{section["accountName"]}.blob.core.windows.net";
        }

        if (string.IsNullOrWhiteSpace(serviceUri))
        {
            throw new InvalidOperationException(
                $"Storage connection '{name}' is not configured: set {name} to a connection string (local: UseDevelopmentStorage=true) " +
                $"or {name}__blobServiceUri to the account's blob endpoint (Azure, identity auth).");
        }

        return new BlobServiceClient(new Uri(serviceUri), credential, options);
    }

    /// <summary>The same connection's queue service (the poison queue): the connection string, or <c>queueServiceUri</c> (else the blob endpoint's account).</summary>
    public static QueueServiceClient CreateQueueServiceClient(IConfiguration configuration, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(ClassroomCloudOptions.StorageConnectionName);
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }; // the blobs extension writes base64
        var connectionString = !string.IsNullOrWhiteSpace(section.Value) ? section.Value : section["connectionString"];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new QueueServiceClient(connectionString, options);
        }

        var uri = section["queueServiceUri"]
            ?? (CreateBlobServiceClient(configuration, credential).Uri is { } blob ? blob.AbsoluteUri.Replace(".blob.", ".queue.", StringComparison.Ordinal) : null);
        return new QueueServiceClient(new Uri(uri!), credential, options);
    }
}
