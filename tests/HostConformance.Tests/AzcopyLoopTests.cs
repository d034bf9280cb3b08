using System.Diagnostics;
using Azure.Storage.Sas;
using Classroom.Cloud.Jobs;
using Classroom.Cloud.Storage;
using Classroom.FunctionApp.Tests;
using Xunit.Abstractions;

namespace Classroom.HostConformance.Tests;

/// <summary>
/// The documented local loop with the users' own upload client, through the host's blobs extension: azcopy uploads a
/// folder of clips into Azurite, <c>classroom events --watch</c> (the event bridge; Azurite emits no Event Grid events)
/// posts a BlobCreated event per new blob version to the extension's webhook, and the extension's queue runs the
/// function, which writes a CSV per clip. Everything it starts (the host, the bridge, azcopy) is stopped at the end.
/// </summary>
[Collection(EmulatorGroup.Name)]
public sealed class AzcopyLoopTests(Emulators emulators, ConformanceScenario scenario, ITestOutputHelper output) : IClassFixture<ConformanceScenario>
{
    [Fact]
    public async Task Clips_uploaded_with_azcopy_reach_the_function_through_the_bridge_and_the_extensions_webhook_one_event_per_version()
    {
        var clock = Stopwatch.StartNew();
        var settings = scenario.Settings(emulators);
        await scenario.SeedAsync(emulators, settings);
        var folder = Directory.CreateTempSubdirectory("classroom-lecture-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "room2"));
            File.Copy(await scenario.ClipAsync(emulators, "alice", "alice.mp4"), Path.Combine(folder.FullName, "room2", "alice.mp4"));
            File.Copy(await scenario.ClipAsync(emulators, "bob", "bob.mp4"), Path.Combine(folder.FullName, "bob.mp4"));
            File.Copy(await scenario.ClipAsync(emulators, "empty", "empty.mp4"), Path.Combine(folder.FullName, "empty.mp4"));
            var input = ConformanceScenario.Input(settings);
            await input.CreateIfNotExistsAsync();
            var sas = input.GenerateSasUri(BlobContainerSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1));
            await using var host = await ConformanceHost.StartAsync(settings);
            using var bridge = new EventsWatcher(settings, host.Webhook);
            await bridge.WaitUntilWatchingAsync(TimeSpan.FromMinutes(1));

            Azcopy.Copy(folder.FullName, sas, recursive: true);

            string[] videos = [$"{folder.Name}/bob.mp4", $"{folder.Name}/empty.mp4", $"{folder.Name}/room2/alice.mp4"]; // azcopy keeps the folders
            var attempts = await host.Probe.WaitForAsync(a => a.Count >= 3, ConformanceScenario.OneVideo * 3, "an invocation per uploaded clip");
            Assert.Equal(videos, attempts.Select(a => a.Blob).Order(StringComparer.Ordinal));
            Assert.All(attempts, a => Assert.Equal(VideoJobOutcome.Written, a.Outcome));
            var results = ConformanceScenario.Output(settings);
            var csvs = new Dictionary<string, string>
            {
                [$"{folder.Name}/room2/alice.csv"] = ConformanceScenario.AliceCsv,
                [$"{folder.Name}/bob.csv"] = ConformanceScenario.Header + "bob,,\r\n", // on the roster, no record
                [$"{folder.Name}/empty.csv"] = ConformanceScenario.Header,
            };
            foreach (var (name, csv) in csvs)
            {
                var result = (await results.GetBlobClient(name).DownloadContentAsync()).Value;
                Assert.Equal(csv, result.Content.ToString());
                var video = name.EndsWith("alice.csv", StringComparison.Ordinal) ? videos[2] : name.Replace(".csv", ".mp4", StringComparison.Ordinal);
                var properties = (await input.GetBlobClient(video).GetPropertiesAsync()).Value;
                Assert.Equal(properties.ETag.ToString().Trim('"'), result.Details.Metadata[ResultMetadata.SourceETagKey]);
            }

            // A new version of one clip (bob's name, alice's face), uploaded alone as a user re-uploads a video: one more event.
            // The bridge listed the container every 0.2 s meanwhile, so a version posted twice would show here as an extra event.
            var alice = await results.GetBlobClient($"{folder.Name}/room2/alice.csv").GetPropertiesAsync();
            File.Copy(Path.Combine(folder.FullName, "room2", "alice.mp4"), Path.Combine(folder.FullName, "bob.mp4"), overwrite: true);
            Azcopy.Copy(Path.Combine(folder.FullName, "bob.mp4"), new Uri($"{sas.GetLeftPart(UriPartial.Path)}/{folder.Name}/bob.mp4{sas.Query}"), recursive: false);

            var all = await host.Probe.WaitForAsync(a => a.Count >= 4, ConformanceScenario.OneVideo, "the re-uploaded clip's invocation");
            Assert.Equal(($"{folder.Name}/bob.mp4", VideoJobOutcome.Written), (all[^1].Blob, all[^1].Outcome));
            Assert.Equal(ConformanceScenario.AliceCsv, (await results.GetBlobClient($"{folder.Name}/bob.csv").DownloadContentAsync()).Value.Content.ToString());
            Assert.Equal(alice.Value.ETag, (await results.GetBlobClient($"{folder.Name}/room2/alice.csv").GetPropertiesAsync()).Value.ETag); // untouched
            await Task.Delay(EventsWatcher.Interval * 5); // a few more listings: nothing new to post
            string[] versions = [videos[0], .. videos]; // bob's two versions, one of each other clip
            Assert.True(bridge.Posted.Order(StringComparer.Ordinal).SequenceEqual(versions), $"one event per blob version, got: {bridge.Output}");
            Assert.Equal(4, host.Probe.Attempts.Count);
            Assert.Empty(host.WebHooks.Errors);
            Assert.Equal([.. csvs.Keys.Order(StringComparer.Ordinal)], (await ConformanceScenario.NamesInAsync(results)).Order(StringComparer.Ordinal));
            output.WriteLine($"azcopy → bridge → extension → CSV: {string.Join(", ", all.Select(a => $"{a.Blob} {a.Elapsed.TotalMilliseconds:F0} ms"))}; test {clock.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
