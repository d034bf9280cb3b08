using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Classroom.Cloud;
using Classroom.Cloud.Jobs;
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
    [Fact]
    public async Task An_upload_notified_as_Event_Grid_does_runs_the_job_through_the_extensions_queue_and_the_csv_appears()
    {
        var clock = Stopwatch.StartNew();
        var settings = scenario.Settings(emulators);
        await scenario.SeedAsync(emulators, settings);
        var file = await scenario.ClipAsync(emulators, "alice", "alice.mp4");
        await using var host = await ConformanceHost.StartAsync(settings);

        var upload = ConformanceScenario.Upload(settings, host.Webhook, "week1/room2", file);

        Assert.True(upload.Exit == 0, upload.Stderr);
        Assert.Contains($"notified {host.WebHooks.BaseUri}runtime/webhooks/blobs", upload.Stdout, StringComparison.Ordinal);
        var attempts = await host.Probe.WaitForAsync(a => a.Count >= 1, ConformanceScenario.OneVideo, "the invocation");
        var attempt = Assert.Single(attempts);
        Assert.Equal(("week1/room2/alice.mp4", VideoJobOutcome.Written), (attempt.Blob, attempt.Outcome));
        Assert.Equal(ConformanceScenario.Names(settings).InputContainer, attempt.Container);

        var results = ConformanceScenario.Output(settings);
        var result = (await results.GetBlobClient("week1/room2/alice.csv").DownloadContentAsync()).Value;
        Assert.Equal(ConformanceScenario.AliceCsv, result.Content.ToString());
        Assert.Equal("recognized", result.Details.Metadata[ResultMetadata.StatusKey]);
        var input = await ConformanceScenario.Input(settings).GetBlobClient("week1/room2/alice.mp4").GetPropertiesAsync();
        Assert.Equal(input.Value.ETag.ToString().Trim('"'), result.Details.Metadata[ResultMetadata.SourceETagKey]);
        Assert.Equal(["week1/room2/alice.csv"], await ConformanceScenario.NamesInAsync(results));
        Assert.Empty(Directory.EnumerateFileSystemEntries(host.TempDirectory));

        // The event went through the extension's own queue, in the host's account (AzureWebJobsStorage), not the trigger's; now drained.
        var queueName = $"azure-webjobs-blobtrigger-{host.HostId}";
        var queue = ConformanceScenario.Queue(scenario.HostStorageConnectionString, queueName);
        Assert.True(await queue.ExistsAsync());
        Assert.False(await ConformanceScenario.Queue(emulators.StorageConnectionString, queueName).ExistsAsync());
        await ConformanceScenario.WaitUntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, TimeSpan.FromSeconds(30), "the extension's queue to drain");
        Assert.Empty(host.WebHooks.Errors);
        output.WriteLine($"upload → CSV through the extension: {attempt.Elapsed.TotalMilliseconds:F0} ms in the function; test {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task A_redelivered_event_runs_the_function_again_and_the_job_skips_it_leaving_the_one_result_untouched()
    {
        var clock = Stopwatch.StartNew();
        var settings = scenario.Settings(emulators);
        await scenario.SeedAsync(emulators, settings);
        var file = await scenario.ClipAsync(emulators, "alice", "again.mp4");
        await using var host = await ConformanceHost.StartAsync(settings);
        var upload = ConformanceScenario.Upload(settings, host.Webhook, null, file);
        Assert.True(upload.Exit == 0, upload.Stderr);
        await host.Probe.WaitForAsync(a => a.Count >= 1, ConformanceScenario.OneVideo, "the first delivery");
        var csv = ConformanceScenario.Output(settings).GetBlobClient("again.csv");
        var first = (await csv.GetPropertiesAsync()).Value;

        // Event Grid delivers at least once: the same event again, as the notifier built it the first time.
        var blob = ConformanceScenario.Input(settings).GetBlobClient("again.mp4");
        var properties = (await blob.GetPropertiesAsync()).Value;
        using (var http = new HttpClient())
        {
            await new BlobCreatedNotifier(http).NotifyAsync(host.Webhook, new UploadedBlob(blob, properties.ETag.ToString(), properties.ContentLength, properties.ContentType), CancellationToken.None);
        }

        var attempts = await host.Probe.WaitForAsync(a => a.Count >= 2, ConformanceScenario.OneVideo, "the redelivery");

        // An Event Grid-sourced trigger keeps no blob receipts and checks no ETag: the extension invokes again, the job skips.
        Assert.Equal([VideoJobOutcome.Written, VideoJobOutcome.AlreadyCurrent], attempts.Select(a => a.Outcome));
        var second = (await csv.GetPropertiesAsync()).Value;
        Assert.Equal(first.ETag, second.ETag);
        Assert.Equal(properties.ETag.ToString().Trim('"'), second.Metadata[ResultMetadata.SourceETagKey]);
        Assert.Equal(["again.csv"], await ConformanceScenario.NamesInAsync(ConformanceScenario.Output(settings)));
        output.WriteLine($"redelivery: first {attempts[0].Elapsed.TotalMilliseconds:F0} ms (written), again {attempts[1].Elapsed.TotalMilliseconds:F0} ms (skipped); test {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>
    /// host.json's maxDegreeOfParallelism (2) and, to show the setting is what binds, 1. The extension turns it into its queue
    /// listener's batch (min(32, n/2 + 1)) and new-batch threshold (n − batch), so at most n messages are in the function at once.
    /// A burst of events (all posted at once, as Event Grid delivers a burst of uploads) fills the queue beyond that.
    /// </summary>
    [Theory]
    [InlineData(null, 10)]
    [InlineData("1", 4)]
    public async Task MaxDegreeOfParallelism_bounds_the_invocations_running_at_once(string? maxDegreeOfParallelism, int videos)
    {
        var clock = Stopwatch.StartNew();
        var settings = scenario.Settings(emulators);
        await scenario.SeedAsync(emulators, settings);
        var overrides = new Dictionary<string, string?>();
        if (maxDegreeOfParallelism is not null)
        {
            overrides["extensions:blobs:maxDegreeOfParallelism"] = maxDegreeOfParallelism;
        }

        await using var host = await ConformanceHost.StartAsync(settings, overrides);
        var bound = host.BlobsOptions.MaxDegreeOfParallelism;
        if (maxDegreeOfParallelism is null)
        {
            // host.json as the extension resolves it, through the same configuration path the Functions host gives it.
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")));
            var blobs = json.RootElement.GetProperty("extensions").GetProperty("blobs");
            Assert.Equal((blobs.GetProperty("maxDegreeOfParallelism").GetInt32(), blobs.GetProperty("poisonBlobThreshold").GetInt32()), (bound, host.BlobsOptions.PoisonBlobThreshold));
        }

        string[] kinds = ["alice", "bob", "empty"];
        string[] csvs = [ConformanceScenario.AliceCsv, ConformanceScenario.Header + "bob,,\r\n", ConformanceScenario.Header];
        var input = ConformanceScenario.Input(settings);
        var uploaded = new List<UploadedBlob>();
        for (var i = 0; i < videos; i++)
        {
            var file = await scenario.ClipAsync(emulators, kinds[i % 3], $"{i:D2}.mp4");
            uploaded.Add(await BlobUploads.UploadFileAsync(input, file, $"burst/{i:D2}.mp4", CancellationToken.None));
        }

        using (var http = new HttpClient())
        {
            var notifier = new BlobCreatedNotifier(http);
            await Task.WhenAll(uploaded.Select(u => notifier.NotifyAsync(host.Webhook, u, CancellationToken.None)));
        }

        var attempts = await host.Probe.WaitForAsync(a => a.Count >= videos, ConformanceScenario.OneVideo * videos / Math.Min(bound, 2), $"{videos} invocations");

        Assert.Equal(videos, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(VideoJobOutcome.Written, a.Outcome));
        Assert.InRange(host.Probe.MostAtOnce, Math.Min(bound, 2), bound); // bounded by the setting, and parallel when it allows
        var results = ConformanceScenario.Output(settings);
        for (var i = 0; i < videos; i++)
        {
            Assert.Equal(csvs[i % 3], (await results.GetBlobClient($"burst/{i:D2}.csv").DownloadContentAsync()).Value.Content.ToString());
        }

        var wall = attempts.Max(a => a.Started + a.Elapsed) - attempts.Min(a => a.Started);
        output.WriteLine($"maxDegreeOfParallelism {bound}: {videos} videos, at most {host.Probe.MostAtOnce} at once, first start to last end {wall.TotalSeconds:F1} s, " +
            $"median {attempts.Select(a => a.Elapsed.TotalMilliseconds).Order().ElementAt(videos / 2):F0} ms in the function; test {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task The_webhook_answers_Event_Grids_validation_handshake_and_refuses_what_is_not_an_event()
    {
        var settings = scenario.Settings(emulators);
        await using var host = await ConformanceHost.StartAsync(settings);
        using var http = new HttpClient();

        // What Event Grid posts when the subscription is created (Bicep's eventgrid.bicep): the endpoint must echo the code.
        var code = Guid.NewGuid().ToString();
        var validation = $$"""
            [{"id":"{{Guid.NewGuid()}}","topic":"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
              "subject":"","data":{"validationCode":"{{code}}","validationUrl":"https://rp-eastus.eventgrid.azure.net/validate?id=x"},
              "eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2026-01-01T00:00:00Z","metadataVersion":"1","dataVersion":"2"}]
            """;
        using var handshake = await PostAsync(http, host.Webhook, validation, "SubscriptionValidation");
        Assert.Equal(HttpStatusCode.OK, handshake.StatusCode);
        using (var answer = JsonDocument.Parse(await handshake.Content.ReadAsStringAsync()))
        {
            Assert.Equal(code, answer.RootElement.GetProperty("validationResponse").GetString());
        }

        using var unknownType = await PostAsync(http, host.Webhook, "[]", null);
        Assert.Equal(HttpStatusCode.BadRequest, unknownType.StatusCode); // no aeg-event-type header: not Event Grid
        using var unsubscribe = await PostAsync(http, host.Webhook, "[]", "Unsubscribe");
        Assert.Equal(HttpStatusCode.Accepted, unsubscribe.StatusCode);
        using var otherExtension = await PostAsync(http, new Uri(host.WebHooks.BaseUri, "runtime/webhooks/queues?functionName=" + ConformanceHost.FunctionName), "[]", "Notification");
        Assert.Equal(HttpStatusCode.NotFound, otherExtension.StatusCode);
        Assert.Equal(["blobs"], host.WebHooks.Names);
        Assert.Empty(host.Probe.Attempts);
        Assert.Empty(host.WebHooks.Errors);
    }

    /// <summary>
    /// The extension routes an event by the function name in the URL and reads the blob the event's URL names: it does not
    /// match the blob against the trigger's path (ParameterizedBlobPathSource.CreateBindingData only returns no binding data).
    /// So the Event Grid subscription's subject filter (bicep/eventgrid.bicep, asserted by Infrastructure.Tests) keeps the
    /// function to the input container, and the job refuses any other container itself (VideoJobOutcome.NotAnInput).
    /// </summary>
    [Fact]
    public async Task An_event_for_a_blob_outside_the_input_container_is_invoked_all_the_same_and_the_job_writes_nothing()
    {
        var settings = scenario.Settings(emulators);
        await scenario.SeedAsync(emulators, settings);
        await using var host = await ConformanceHost.StartAsync(settings);
        var elsewhere = emulators.BlobService().GetBlobContainerClient($"elsewhere-{Guid.NewGuid():N}");
        var uploaded = await BlobUploads.UploadFileAsync(elsewhere, await scenario.ClipAsync(emulators, "empty", "stray.mp4"), "stray.mp4", CancellationToken.None);

        using (var http = new HttpClient())
        {
            await new BlobCreatedNotifier(http).NotifyAsync(host.Webhook, uploaded, CancellationToken.None);
        }

        var attempt = Assert.Single(await host.Probe.WaitForAsync(a => a.Count >= 1, ConformanceScenario.OneVideo, "the stray invocation"));
        Assert.Equal((elsewhere.Name, "stray.mp4"), (attempt.Container, attempt.Blob));
        Assert.NotEqual(ConformanceScenario.Names(settings).InputContainer, attempt.Container);
        var output = ConformanceScenario.Output(settings);
        Assert.False(await output.ExistsAsync() && await output.GetBlobClient("stray.csv").ExistsAsync(), "a blob outside the input container got a result");
    }

    [Fact]
    public void The_test_host_runs_the_blobs_extension_version_the_app_package_tells_the_Functions_host_to_load()
    {
        // The build writes extensions.json (from the worker extension's WorkerExtensions project) and .azurefunctions/ into the
        // app's output and package; the Functions host loads the extension named there.
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.FunctionAppOutput, "extensions.json")));
        var blobs = json.RootElement.GetProperty("extensions").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "AzureStorageBlobs");
        var named = new AssemblyName(blobs.GetProperty("typeName").GetString()!.Split(',', 2)[1].Trim());
        var packaged = AssemblyName.GetAssemblyName(Path.Combine(RepoPaths.FunctionAppOutput, ".azurefunctions", "Microsoft.Azure.WebJobs.Extensions.Storage.Blobs.dll"));
        var loaded = typeof(Microsoft.Azure.WebJobs.BlobTriggerAttribute).Assembly.GetName();

        Assert.Equal("Microsoft.Azure.WebJobs.Extensions.Storage.Blobs", named.Name);
        Assert.Equal(named.Version, packaged.Version);
        Assert.Equal(named.Version, loaded.Version);
        output.WriteLine($"blobs extension {loaded.Version}: named in extensions.json, packaged in .azurefunctions, loaded by the test host");
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri url, string body, string? eventType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (eventType is not null)
        {
            request.Headers.Add("aeg-event-type", eventType);
        }

        return await http.SendAsync(request);
    }
}
