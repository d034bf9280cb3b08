using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Classroom.Recognition.Tests.Support;

/// <summary>
/// Serves the files of one folder over HTTPS on 127.0.0.1 (a free port) with a self-signed certificate made here, as
/// a blob's SAS URL serves a video: whole files, 200 or 404, one request per connection. The decoders, like ffmpeg,
/// do not verify the certificate (ffmpeg's tls_verify is off by default). Stops when disposed.
/// </summary>
public sealed class LoopbackHttpsServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate = SelfSigned();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _root;
    private readonly Task _serving;

    public LoopbackHttpsServer(string root)
    {
        _root = Path.GetFullPath(root);
        _listener.Start();
        BaseUrl = $"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>The URL of the folder, ending in '/'.</summary>
    public string BaseUrl { get; }

    public string UrlOf(string relativePath) => BaseUrl + string.Join('/', relativePath.Split('/').Select(Uri.EscapeDataString));

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Stopped under a pending accept.
        }

        _certificate.Dispose();
        _stop.Dispose();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(_certificate, clientCertificateRequired: false, SslProtocols.Tls12 | SslProtocols.Tls13, checkCertificateRevocation: false);
                var target = await ReadRequestTargetAsync(tls);
                var path = target is null ? null : Path.GetFullPath(Path.Combine(_root, Uri.UnescapeDataString(target.Split('?')[0].TrimStart('/'))));
                if (path is null || !path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
                {
                    await tls.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
                    return;
                }

                var bytes = await File.ReadAllBytesAsync(path);
                await tls.WriteAsync(Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n"));
                await tls.WriteAsync(bytes);
            }
            catch (Exception e) when (e is IOException or AuthenticationException or ObjectDisposedException or SocketException)
            {
                // The decoder stopped reading (it had what it needed, or refused the file).
            }
        }
    }

    /// <summary>The target of "GET /path HTTP/1.1" once the request's headers have arrived; null for anything else.</summary>
    private static async Task<string?> ReadRequestTargetAsync(Stream stream)
    {
        var header = new List<byte>();
        var buffer = new byte[1];
        while (header.Count < 16384)
        {
            if (await stream.ReadAsync(buffer) == 0)
            {
                return null;
            }

            header.Add(buffer[0]);
            if (header.Count >= 4 && header[^4] == '\r' && header[^3] == '\n' && header[^2] == '\r' && header[^1] == '\n')
            {
                var requestLine = Encoding.ASCII.GetString([.. header]).Split("\r\n")[0].Split(' ');
                return requestLine is ["GET", var target, ..] ? target : null;
            }
        }

        return null;
    }
}
