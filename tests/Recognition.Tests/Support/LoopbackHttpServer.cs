using System.Net;
using System.Net.Sockets;

namespace Classroom.Recognition.Tests.Support;

/// <summary>
/// Serves the files of one folder over HTTP on 127.0.0.1 (a free port), as a blob's SAS URL serves a video to the
/// function: whole files, 200 or 404. Stops when disposed.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _root;
    private readonly Task _serving;

    public LoopbackHttpServer(string root)
    {
        _root = Path.GetFullPath(root);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>The URL of the folder, ending in '/'.</summary>
    public string BaseUrl { get; }

    public string UrlOf(string relativePath) => BaseUrl + string.Join('/', relativePath.Split('/').Select(Uri.EscapeDataString));

    public void Dispose()
    {
        try
        {
            _listener.Close(); // stops it too
        }
        catch (HttpListenerException)
        {
            // Seen once under parallel test projects: on close the managed listener looked its port up anew and failed with
            // "Address already in use" (another process had the freed port). The server is done either way.
        }

        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending request.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Answer(context));
        }
    }

    private async Task Answer(HttpListenerContext context)
    {
        using var response = context.Response;
        var path = Path.GetFullPath(Path.Combine(_root, Uri.UnescapeDataString(context.Request.Url!.AbsolutePath.TrimStart('/'))));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
        {
            response.StatusCode = 404;
            return;
        }

        var bytes = await File.ReadAllBytesAsync(path);
        response.ContentLength64 = bytes.Length;
        try
        {
            await response.OutputStream.WriteAsync(bytes);
        }
        catch (Exception e) when (e is HttpListenerException or IOException)
        {
            // The decoder stopped reading (it had what it needed, or refused the file).
        }
    }
}
