using System.Net;
using System.Text.Json;
using Classroom.Cloud.Storage;

namespace Classroom.FunctionApp.Tests;

[Collection(EmulatorGroup.Name)]
public sealed class UploadAndNotifyTests(Emulators emulators)
{
    [Fact]
    public async Task Upload_streams_the_file_and_notify_posts_a_BlobCreated_event_for_it()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray());
            var container = emulators.BlobService().GetBlobContainerClient($"videos-{Guid.NewGuid():N}");
            var uploaded = await BlobUploads.UploadFileAsync(container, file, "a/b/test_0.mp4", CancellationToken.None);
            Assert.Equal(100_000, (await uploaded.Blob.GetPropertiesAsync()).Value.ContentLength);

            var port = NodeServer.FreePort();
            using var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            var received = ReceiveOneAsync(listener);
            using var http = new HttpClient();
            var webhook = new Uri($"http://127.0.0.1:{port}/runtime/webhooks/blobs?functionName=Host.Functions.ProcessVideo");
            await new BlobCreatedNotifier(http).NotifyAsync(webhook, uploaded, CancellationToken.None);
            var (headers, query, body) = await received.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal("Notification", headers["aeg-event-type"]);
            Assert.Equal("Host.Functions.ProcessVideo", query["functionName"]);
            var events = JsonDocument.Parse(body).RootElement;
            var e = Assert.Single(events.EnumerateArray());
            Assert.Equal("Microsoft.Storage.BlobCreated", e.GetProperty("eventType").GetString());
            Assert.Equal($"/blobServices/default/containers/{container.Name}/blobs/a/b/test_0.mp4", e.GetProperty("subject").GetString());
            var data = e.GetProperty("data");
            Assert.Equal(uploaded.Blob.Uri.AbsoluteUri, data.GetProperty("url").GetString());
            Assert.Equal(100_000, data.GetProperty("contentLength").GetInt64());
            Assert.Equal("video/mp4", data.GetProperty("contentType").GetString());
            Assert.Equal("BlockBlob", data.GetProperty("blobType").GetString());
            // What the blobs extension reads: the SDK's own parser sees a BlobCreated event with Azure's unquoted ETag.
            var parsed = Assert.Single(Azure.Messaging.EventGrid.EventGridEvent.ParseMany(BinaryData.FromString(body)));
            Assert.True(parsed.TryGetSystemEventData(out var system));
            var created = Assert.IsType<Azure.Messaging.EventGrid.SystemEvents.StorageBlobCreatedEventData>(system);
            Assert.Equal(uploaded.ETag.Trim('"'), created.ETag);
            Assert.DoesNotContain("\"", created.ETag, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_webhook_that_refuses_the_event_is_an_error_not_a_silent_success()
    {
        var port = NodeServer.FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var refuse = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            context.Response.StatusCode = 404;
            context.Response.Close();
        });
        var blob = emulators.BlobService().GetBlobContainerClient("videos").GetBlobClient("x.mp4");
        using var http = new HttpClient();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => new BlobCreatedNotifier(http).NotifyAsync(
            new Uri($"http://127.0.0.1:{port}/runtime/webhooks/blobs?functionName=Host.Functions.Nope"), new UploadedBlob(blob, "\"0x1\"", 1, "video/mp4"), CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        await refuse;
    }

    private static async Task<(System.Collections.Specialized.NameValueCollection Headers, System.Collections.Specialized.NameValueCollection Query, string Body)> ReceiveOneAsync(HttpListener listener)
    {
        var context = await listener.GetContextAsync();
        using var reader = new StreamReader(context.Request.InputStream);
        var body = await reader.ReadToEndAsync();
        var result = (context.Request.Headers, context.Request.QueryString, body);
        context.Response.StatusCode = 202;
        context.Response.Close();
        return result;
    }
}
