using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Classroom.Cloud.Storage;

/// <summary>
/// Posts the <c>Microsoft.Storage.BlobCreated</c> event (Event Grid schema) that Azure Storage would send,
/// to a local Functions host's blob webhook — Azurite emits no events, and an Event Grid–sourced blob
/// trigger does not poll. The default webhook is the one <c>func start</c> serves for ProcessVideo.
/// </summary>
public sealed class BlobCreatedNotifier(HttpClient http)
{
    public static readonly Uri DefaultWebhook = new("http://localhost:7071/runtime/webhooks/blobs?functionName=Host.Functions.ProcessVideo");

    public async Task NotifyAsync(Uri webhook, UploadedBlob blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook)
        {
            Content = JsonContent.Create(new[] { CreateEvent(blob, DateTimeOffset.UtcNow) }),
        };
        request.Headers.Add("aeg-event-type", "Notification");
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var excerpt = body.Length > 300 ? body[..300] + "…" : body;
            throw new HttpRequestException($"The blob webhook {webhook} answered {(int)response.StatusCode} {response.ReasonPhrase}: {excerpt}", null, response.StatusCode);
        }
    }

    /// <summary>The event, shaped as Azure Storage's BlobCreated event in the Event Grid schema.</summary>
    public static EventGridEvent CreateEvent(UploadedBlob blob, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var client = blob.Blob;
        var requestId = Guid.NewGuid().ToString();
        return new EventGridEvent(
            Id: Guid.NewGuid().ToString(),
            Topic: $"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/{client.AccountName}",
            Subject: $"/blobServices/default/containers/{client.BlobContainerName}/blobs/{client.Name}",
            EventType: "Microsoft.Storage.BlobCreated",
            EventTime: time,
            Data: new BlobCreatedData("PutBlob", requestId, requestId, blob.ETag, blob.ContentType, blob.ContentLength, "BlockBlob", client.Uri.AbsoluteUri,
                time.UtcTicks.ToString("x32", System.Globalization.CultureInfo.InvariantCulture)),
            DataVersion: "",
            MetadataVersion: "1");
    }
}

public sealed record EventGridEvent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("topic")] string Topic,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("eventType")] string EventType,
    [property: JsonPropertyName("eventTime")] DateTimeOffset EventTime,
    [property: JsonPropertyName("data")] BlobCreatedData Data,
    [property: JsonPropertyName("dataVersion")] string DataVersion,
    [property: JsonPropertyName("metadataVersion")] string MetadataVersion);

public sealed record BlobCreatedData(
    [property: JsonPropertyName("api")] string Api,
    [property: JsonPropertyName("clientRequestId")] string ClientRequestId,
    [property: JsonPropertyName("requestId")] string RequestId,
    [property: JsonPropertyName("eTag")] string ETag,
    [property: JsonPropertyName("contentType")] string ContentType,
    [property: JsonPropertyName("contentLength")] long ContentLength,
    [property: JsonPropertyName("blobType")] string BlobType,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("sequencer")] string Sequencer);
