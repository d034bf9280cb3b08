using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;

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

    /// <summary>
    /// The event as Azure Storage sends it in the Event Grid schema, in Azure.Messaging.EventGrid's envelope. The ETag is
    /// unquoted (<c>0x8DC…</c>), as Azure sends it; the blobs extension adds the quotes itself. The data is a record of
    /// the same fields because the SDK's <c>StorageBlobCreatedEventData</c> can be read but not written (4.17).
    /// </summary>
    public static EventGridEvent CreateEvent(UploadedBlob blob, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var client = blob.Blob;
        var requestId = Guid.NewGuid().ToString();
        var data = new BlobCreatedData("PutBlob", requestId, requestId, blob.ETag.Trim('"'), blob.ContentType, blob.ContentLength, "BlockBlob", client.Uri.AbsoluteUri,
            time.UtcTicks.ToString("x32", System.Globalization.CultureInfo.InvariantCulture));
        return new EventGridEvent($"/blobServices/default/containers/{client.BlobContainerName}/blobs/{client.Name}", SystemEventNames.StorageBlobCreated, "", data)
        {
            Topic = $"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/{client.AccountName}",
            EventTime = time,
        };
    }
}

/// <summary>The BlobCreated event's data as Azure Storage writes it.</summary>
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
