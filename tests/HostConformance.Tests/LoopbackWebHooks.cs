using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Description;
using Microsoft.Azure.WebJobs.Host.Config;
using HttpHandler = Microsoft.Azure.WebJobs.IAsyncConverter<System.Net.Http.HttpRequestMessage, System.Net.Http.HttpResponseMessage>;

namespace Classroom.HostConformance.Tests;

/// <summary>
/// What the Functions host gives extensions for webhooks, on a loopback port. The WebJobs SDK has the seam but no
/// server: an extension asks <see cref="IWebHookProvider.GetUrl"/> at start-up (the blobs extension does in
/// <c>BlobsExtensionConfigProvider.Initialize</c>), and the host maps <c>/runtime/webhooks/{name}</c> to the extension,
/// which is itself the <c>IAsyncConverter&lt;HttpRequestMessage, HttpResponseMessage&gt;</c> handler. This mirrors the
/// host's <c>DefaultScriptWebHookProvider</c> (the name is the extension's configuration section, lower-case: "blobs")
/// and <c>HostController.ExtensionWebHookHandler</c> (route <c>runtime/webhooks/{extensionName}/{*extra}</c>, GET/POST/
/// DELETE/OPTIONS, the request handed over as an <see cref="HttpRequestMessage"/>, 404 for an unknown name). It does
/// not check the <c>code</c> system key the host requires in Azure.
/// </summary>
#pragma warning disable CS0618 // IWebHookProvider is "not ready for public consumption", yet it is the interface the Functions host implements.
public sealed class LoopbackWebHooks : IWebHookProvider, IAsyncDisposable
#pragma warning restore CS0618
{
    private static readonly string[] Verbs = ["GET", "POST", "DELETE", "OPTIONS"];

    private readonly ConcurrentDictionary<string, HttpHandler> handlers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<Task, bool> serving = new();
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<string> errors = new();
    private Task? accepting;

    public LoopbackWebHooks(int port)
    {
        BaseUri = new Uri(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        listener.Prefixes.Add(new Uri(BaseUri, "runtime/webhooks/").AbsoluteUri);
    }

    public Uri BaseUri { get; }

    /// <summary>The extensions that asked for a webhook, by route name.</summary>
    public IReadOnlyCollection<string> Names => [.. handlers.Keys];

    /// <summary>Handler failures (answered 500), for a test's message.</summary>
    public IReadOnlyCollection<string> Errors => [.. errors];

    /// <summary>The URL Event Grid is given for a blob-triggered function (Bicep adds <c>&amp;code=</c> in Azure).</summary>
    public Uri BlobsWebhook(string functionName) =>
        new(BaseUri, "runtime/webhooks/blobs?functionName=" + Uri.EscapeDataString(functionName));

    public Uri GetUrl(IExtensionConfigProvider extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        var handler = extension as HttpHandler
            ?? throw new InvalidOperationException("Extension must implement IAsyncConverter<HttpRequestMessage, HttpResponseMessage> in order to receive webhooks");
        var type = extension.GetType();
        var name = (type.GetCustomAttribute<ExtensionAttribute>()?.ConfigurationSection ?? type.Name).ToLowerInvariant();
        handlers[name] = handler;
        return new Uri(BaseUri, $"runtime/webhooks/{name}");
    }

    public void Start()
    {
        listener.Start();
        accepting = Task.Run(AcceptAsync);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (listener.IsListening)
        {
            listener.Stop();
        }

        if (accepting is not null)
        {
            await accepting;
        }

        await Task.WhenAll(serving.Keys).WaitAsync(TimeSpan.FromSeconds(30));
        listener.Close();
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var task = ServeAsync(context);
            serving[task] = true;
            _ = task.ContinueWith(t => serving.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var url = context.Request.Url!;
            // runtime/webhooks/{extensionName}/{*extra}
            var segments = url.AbsolutePath.Trim('/').Split('/');
            if (!Verbs.Contains(context.Request.HttpMethod, StringComparer.OrdinalIgnoreCase) || segments.Length < 3
                || !handlers.TryGetValue(segments[2], out var handler))
            {
                response.StatusCode = (int)HttpStatusCode.NotFound;
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body, stopping.Token);
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), url) { Content = new ByteArrayContent(body.ToArray()) };
            foreach (var key in context.Request.Headers.AllKeys.OfType<string>())
            {
                var values = context.Request.Headers.GetValues(key) ?? [];
                if (!request.Headers.TryAddWithoutValidation(key, values))
                {
                    request.Content.Headers.TryAddWithoutValidation(key, values);
                }
            }

            using var answer = await handler.ConvertAsync(request, stopping.Token);
            response.StatusCode = (int)answer.StatusCode;
            var bytes = await answer.Content.ReadAsByteArrayAsync(stopping.Token);
            if (answer.Content.Headers.ContentType is { } type)
            {
                response.ContentType = type.ToString();
            }

            await response.OutputStream.WriteAsync(bytes, stopping.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            errors.Enqueue($"{e.GetType().Name}: {e.Message}");
            response.StatusCode = (int)HttpStatusCode.InternalServerError;
        }
        catch (OperationCanceledException)
        {
            response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
        }
        finally
        {
            response.Close();
        }
    }
}
