using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Classroom.Cloud;
using Classroom.Cloud.Storage;
using Classroom.FunctionApp;
using Classroom.FunctionApp.Tests;
using Xunit.Abstractions;

namespace Classroom.HostConformance.Tests;

/// <summary>
/// ProcessVideo's trigger in the blobs extension's own Event Grid path: <c>classroom upload --notify</c> (or the
/// notifier it uses) posts a BlobCreated event to <c>/runtime/webhooks/blobs?functionName=Host.Functions.ProcessVideo</c>;
/// the extension puts a message on its queue, its queue listener invokes the function, retries it and poisons it.
/// Figures print with <c>--logger "console;verbosity=detailed"</c>.
/// </summary>
[Collection(EmulatorGroup.Name)]
public sealed class EventGridTriggerTests(Emulators emulators, ConformanceScenario scenario, ITestOutputHelper output) : IClassFixture<ConformanceScenario>
{
    /// <summary>How long one video may take through the host (first invocation loads the models; the machine is shared).</summary>
    private static readonly TimeSpan OneVideo = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task An_upload_notified_as_Event_Grid_does_runs_the_job_through_the_extensions_queue_and_the_csv_appears()
    {
        var clock = Stopwatch.StartNew();
        var settings = ConformanceScenario.Settings(emulators);
        await scenario.SeedAsync(emulators, settings);
        var file = await scenario.ClipAsync(emulators, "alice", "alice.mp4");
        await using var host = await ConformanceHost.StartAsync(settings);

        var upload = ConformanceScenario.Upload(settings, host.Webhook, "week1/room2", file);

        Assert.True(upload.Exit == 0, upload.Stderr);
        Assert.Contains($"notified {host.WebHooks.BaseUri}runtime/webhooks/blobs", upload.Stdout, StringComparison.Ordinal);
        var attempts = await host.Probe.WaitForAsync(a => a.Count >= 1, OneVideo, "the invocation");
        var attempt = Assert.Single(attempts);
        Assert.Equal(("week1/room2/alice.mp4", VideoJobOutcome.Written), (attempt.Blob, attempt.Outcome));
        Assert.Equal(ConformanceScenario.Names(settings).InputContainer, attempt.Container);

        var results = ConformanceScenario.Output(settings);
        var result = (await results.GetBlobClient("week1/room2/alice.csv").DownloadContentAsync()).Value;
        Assert.Equal(ConformanceScenario.AliceCsv, result.Content.ToString());
        Assert.Equal("recognized", result.Details.Metadata[VideoBlobJob.StatusKey]);
        var input = await ConformanceScenario.Input(settings).GetBlobClient("week1/room2/alice.mp4").GetPropertiesAsync();
        Assert.Equal(input.Value.ETag.ToString().Trim('"'), result.Details.Metadata[VideoBlobJob.SourceETagKey]);
        Assert.Equal(["week1/room2/alice.csv"], await ConformanceScenario.NamesInAsync(results));
        Assert.Empty(Directory.EnumerateFileSystemEntries(host.TempDirectory));

        // The event went through the extension's own queue in the host's account (AzureWebJobsStorage), now drained.
        var queue = ConformanceScenario.Queue(emulators.StorageConnectionString, $"azure-webjobs-blobtrigger-{host.HostId}");
        Assert.True(await queue.ExistsAsync());
        await WaitUntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, TimeSpan.FromSeconds(30), "the extension's queue to drain");
        Assert.Empty(host.WebHooks.Errors);
        output.WriteLine($"upload → CSV through the extension: {attempt.Elapsed.TotalMilliseconds:F0} ms in the function; test {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout.TotalSeconds:F0} s for {what}");
            }

            await Task.Delay(100);
        }
    }
}
