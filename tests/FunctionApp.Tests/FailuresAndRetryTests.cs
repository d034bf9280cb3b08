using System.Text.Json;
using Azure.Storage.Queues;
using Classroom.Cloud;
using Classroom.Cloud.Storage;
using Microsoft.Extensions.Configuration;

namespace Classroom.FunctionApp.Tests;

/// <summary>
/// <c>./classroom failures</c> and <c>retry</c> on Azurite, through the CLI as an operator runs it: an undecodable video
/// (its error result), a video whose message the blobs extension poisoned, and an event Event Grid dead-lettered.
/// </summary>
[Collection(EmulatorGroup.Name)]
public sealed class FailuresAndRetryTests(Emulators emulators, ProcessVideoScenario scenario) : IClassFixture<ProcessVideoScenario>
{
    [Fact]
    public async Task Failures_lists_each_kind_with_its_reason_and_retry_runs_them_again_as_new_versions()
    {
        var app = await scenario.HarnessAsync(emulators);
        var prefix = $"ops-{Guid.NewGuid():N}"[..12];
        await app.UploadAsync(scenario.Videos.Corrupt("ops-broken.mp4"), $"{prefix}/broken.mp4");
        await app.InvokeAsync($"{prefix}/broken.mp4");
        var poisoned = await app.UploadAsync(scenario.Clip(1, "ops-alice.mp4"), $"{prefix}/poisoned.mp4");
        var poison = new QueueClient(emulators.StorageConnectionString, Failures.PoisonQueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await poison.CreateIfNotExistsAsync();
        // What the blobs extension writes after poisonBlobThreshold tries (its shape: HostConformance.Tests).
        await poison.SendMessageAsync(JsonSerializer.Serialize(new { Type = "BlobTrigger", FunctionId = "Host.Functions.ProcessVideo", BlobType = "BlockBlob", ContainerName = app.Names.InputContainer, BlobName = $"{prefix}/poisoned.mp4", ETag = poisoned.GetProperties().Value.ETag.ToString() }));
        var deadLetters = app.Blobs.GetBlobContainerClient($"dl-{prefix}");
        await deadLetters.CreateIfNotExistsAsync();
        await deadLetters.UploadBlobAsync("topic/sub/2026/12/02/01/x.json", BinaryData.FromString(JsonSerializer.Serialize(new[]
        {
            new { subject = $"/blobServices/default/containers/{app.Names.InputContainer}/blobs/{prefix}/late.mp4", deadLetterReason = "MaxDeliveryAttemptsExceeded", deliveryAttempts = 30 },
        })));

        var listed = Cli(app.Configuration, "failures", "--json", "--dead-letter-container", deadLetters.Name);

        Assert.Equal(0, listed.Exit);
        var mine = listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(f => f.GetProperty("video").GetString()!.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(f => f.GetProperty("video").GetString()!, f => (Kind: f.GetProperty("kind").GetString(), Reason: f.GetProperty("reason").GetString()!));
        Assert.Equal("error_result", mine[$"{prefix}/broken.mp4"].Kind);
        Assert.Contains("not a readable video", mine[$"{prefix}/broken.mp4"].Reason, StringComparison.Ordinal);
        Assert.Equal("poison", mine[$"{prefix}/poisoned.mp4"].Kind);
        Assert.Equal(("dead_letter", true), (mine[$"{prefix}/late.mp4"].Kind, mine[$"{prefix}/late.mp4"].Reason.Contains("MaxDeliveryAttemptsExceeded", StringComparison.Ordinal)));

        var before = poisoned.GetProperties().Value.ETag;
        var retried = Cli(app.Configuration, "retry", $"{prefix}/poisoned.mp4", $"{prefix}/broken.mp4", $"{prefix}/late.mp4", "--dead-letter-container", deadLetters.Name);

        Assert.Equal(1, retried.Exit); // late.mp4 never reached the container: said, and the exit code says it
        Assert.Contains($"{prefix}/late.mp4 is not in", retried.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(before, poisoned.GetProperties().Value.ETag); // a new version: Event Grid delivers it again
        Assert.DoesNotContain($"{prefix}/broken.error.json", await app.OutputNamesAsync());
        await app.InvokeAsync($"{prefix}/poisoned.mp4"); // what the new version's event does
        Assert.Equal("name,major,year\r\nalice,physics,junior\r\n", (await app.ReadResultAsync($"{prefix}/poisoned.csv")).Text);
        var after = Cli(app.Configuration, "failures", "--json", "--dead-letter-container", deadLetters.Name).Stdout;
        Assert.DoesNotContain($"{prefix}/poisoned.mp4", after, StringComparison.Ordinal);
        Assert.DoesNotContain($"{prefix}/broken.mp4", after, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_usage_is_one_line_and_exit_2()
    {
        var both = Cli(null, "retry", "x.mp4", "--all");
        var since = Cli(null, "failures", "--since", "yesterday-ish");

        Assert.Equal((2, 2), (both.Exit, since.Exit));
        Assert.Single(both.Stderr.Trim().Split('\n'));
        Assert.Single(since.Stderr.Trim().Split('\n'));
    }

    private static (int Exit, string Stdout, string Stderr) Cli(IConfiguration? configuration, params string[] args) => CliRun.Run(configuration, Path.GetTempPath(), args);
}
