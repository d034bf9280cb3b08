using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Azure.Storage.Sas;
using Classroom.Cloud.Storage;

namespace Classroom.FunctionApp.Tests;

/// <summary>
/// The local loop with the users' own upload client: azcopy (from npm) uploads a folder into Azurite, and the event
/// bridge (<c>./classroom events</c>) posts the BlobCreated events Azurite does not emit, one per new blob version.
/// The webhook here hands each event's blob to the function as the host would.
/// </summary>
[Collection(EmulatorGroup.Name)]
public sealed class AzcopyBridgeTests(Emulators emulators, ProcessVideoScenario scenario) : IClassFixture<ProcessVideoScenario>
{
    private static string Azcopy => Path.Combine(RepoPaths.NodeModules, "@azure-tools", "azcopy-linux", "dist", "bin", "azcopy_linux_amd64");

    [Fact]
    public async Task A_folder_uploaded_with_azcopy_gets_one_event_per_new_blob_version_and_every_csv()
    {
        var app = await scenario.HarnessAsync(emulators);
        var folder = Directory.CreateTempSubdirectory("classroom-azcopy-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "room2"));
            File.Copy(scenario.Clip(1, "azcopy-alice.mp4"), Path.Combine(folder.FullName, "room2", "alice.mp4"));
            File.Copy(scenario.Clip(2, "azcopy-bob.mp4"), Path.Combine(folder.FullName, "bob.mp4"));
            await app.Input.CreateIfNotExistsAsync();
            var sas = app.Input.GenerateSasUri(BlobContainerSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1));
            AzcopyUpload(folder.FullName, sas);

            using var webhook = new Webhook(app);
            using var http = new HttpClient();
            var bridge = new BlobCreatedBridge(app.Input, new BlobCreatedNotifier(http), webhook.Uri);
            var first = await bridge.PassAsync(CancellationToken.None);
            var second = await bridge.PassAsync(CancellationToken.None);

            var uploaded = first.Select(b => b.Blob.Name).Where(n => n.StartsWith(folder.Name + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal([$"{folder.Name}/bob.mp4", $"{folder.Name}/room2/alice.mp4"], uploaded); // azcopy keeps the folders
            Assert.Empty(second); // nothing new: no event twice for one version
            Assert.Equal("name,major,year\r\nalice,physics,junior\r\n", (await app.ReadResultAsync($"{folder.Name}/room2/alice.csv")).Text);
            Assert.Equal("name,major,year\r\nbob,,\r\n", (await app.ReadResultAsync($"{folder.Name}/bob.csv")).Text);

            File.Copy(scenario.Clip(1, "azcopy-alice.mp4"), Path.Combine(folder.FullName, "bob.mp4"), overwrite: true);
            AzcopyUpload(folder.FullName, sas);
            var third = await bridge.PassAsync(CancellationToken.None);
            Assert.Contains($"{folder.Name}/bob.mp4", third.Select(b => b.Blob.Name)); // a re-upload is a new version: a new event
            Assert.Equal("name,major,year\r\nalice,physics,junior\r\n", (await app.ReadResultAsync($"{folder.Name}/bob.csv")).Text);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void AzcopyUpload(string folder, Uri containerSas)
    {
        var state = Directory.CreateTempSubdirectory("classroom-azcopy-state-");
        try
        {
            var start = new ProcessStartInfo(Azcopy) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "copy", folder, containerSas.AbsoluteUri, "--recursive", "--from-to", "LocalBlob", "--overwrite", "true", "--log-level", "ERROR" })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["AZCOPY_LOG_LOCATION"] = state.FullName;
            start.Environment["AZCOPY_JOB_PLAN_LOCATION"] = state.FullName;
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(120_000), "azcopy did not finish in 2 minutes");
            Assert.True(process.ExitCode == 0, $"azcopy exited {process.ExitCode}: {stdout.Result} {stderr.Result}");
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    /// <summary>A loopback webhook that invokes the function for each BlobCreated event it receives, before answering.</summary>
    private sealed class Webhook : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _serving;

        public Webhook(FunctionHarness app)
        {
            var port = NodeServer.FreePort();
            Uri = new Uri($"http://127.0.0.1:{port}/runtime/webhooks/blobs?functionName=Host.Functions.ProcessVideo");
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _serving = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                    {
                        return;
                    }

                    using var reader = new StreamReader(context.Request.InputStream);
                    foreach (var e in JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.EnumerateArray())
                    {
                        var subject = e.GetProperty("subject").GetString()!;
                        await app.InvokeAsync(subject[(subject.IndexOf("/blobs/", StringComparison.Ordinal) + "/blobs/".Length)..]);
                    }

                    context.Response.StatusCode = 202;
                    context.Response.Close();
                }
            });
        }

        public Uri Uri { get; }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _serving.Wait(TimeSpan.FromSeconds(10));
        }
    }
}
