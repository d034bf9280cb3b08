using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Azure;
using Classroom.Cli.Batch;
using Classroom.Cloud.Storage;
using Microsoft.Extensions.Configuration;

namespace Classroom.Cli.Commands;

/// <summary>
/// <c>classroom failures [--since T] [--json]</c>: what failed in the function's storage (the settings of the cloud
/// commands: Azurite locally, the deployment in Azure): error results, poison messages, dead-lettered events.
/// <c>classroom retry VIDEO...|--all [--notify [URL]]</c>: clears each one's error result and poison messages and
/// uploads the same bytes again, a new version, so Event Grid (or, locally, <c>--notify</c>) runs it again.
/// </summary>
internal static class FailuresCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEnumerable<Command> Create()
    {
        var since = new Option<string?>("--since") { Description = "Only failures from this time on (ISO 8601, e.g. 2026-12-01T08:00Z, or hours back: 24h)" };
        var json = new Option<bool>("--json") { Description = "One JSON object per failure on stdout" };
        var deadLetter = DeadLetterOption();
        var failures = new Command("failures", "List videos that failed: error results, poison-queue messages, dead-lettered events") { since, json, deadLetter };
        failures.SetAction(async (parse, ct) => !TryParseSince(parse.GetValue(since), out var from)
            ? await UsageAsync("failures", "--since must be an ISO 8601 time or hours back such as 24h").ConfigureAwait(false)
            : await CloudCli.RunAsync("failures", () => ListAsync(from, parse.GetValue(json), parse.GetValue(deadLetter)!, ct)).ConfigureAwait(false));

        var videos = new Argument<string[]>("videos") { Description = "Input blob names to run again (as failures lists them)", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Every video failures lists" };
        var notify = new Option<string?>("--notify") { Description = $"Local loop: post the BlobCreated event to this webhook (default {BlobCreatedNotifier.DefaultWebhook})", Arity = ArgumentArity.ZeroOrOne };
        var deadLetterRetry = DeadLetterOption();
        var retry = new Command("retry", "Run failed videos again: clear their error results and poison messages, upload them again") { videos, all, notify, deadLetterRetry };
        retry.SetAction(async (parse, ct) =>
        {
            var names = parse.GetValue(videos) ?? [];
            if (names.Length == 0 == !parse.GetValue(all))
            {
                return await UsageAsync("retry", "name the videos to run again, or --all (not both)").ConfigureAwait(false);
            }

            Uri? webhook = parse.GetResult(notify) is null ? null : parse.GetValue(notify) is { Length: > 0 } url ? new Uri(url) : BlobCreatedNotifier.DefaultWebhook;
            return await CloudCli.RunAsync("retry", () => RetryAsync(names, parse.GetValue(all), webhook, parse.GetValue(deadLetterRetry)!, ct)).ConfigureAwait(false);
        });
        return [failures, retry];
    }

    private static Option<string> DeadLetterOption() =>
        new("--dead-letter-container") { Description = "Container Event Grid dead-letters to (Bicep: deadletter)", DefaultValueFactory = _ => "deadletter" };

    private static async Task<int> UsageAsync(string command, string message)
    {
        await Console.Error.WriteLineAsync($"classroom {command}: {message}").ConfigureAwait(false);
        return 2;
    }

    /// <summary>False for a bad value; <paramref name="since"/> null when none was given.</summary>
    private static bool TryParseSince(string? text, out DateTimeOffset? since)
    {
        since = null;
        if (text is null)
        {
            return true;
        }

        if (text.EndsWith('h') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var hours) && hours > 0)
        {
            since = DateTimeOffset.UtcNow.AddHours(-hours);
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            since = time;
            return true;
        }

        return false;
    }

    private static Failures Open(IConfiguration configuration, string deadLetter)
    {
        var names = CloudCli.Names(configuration);
        var blobs = CloudCli.Blobs(configuration);
        var queues = StorageConnection.CreateQueueServiceClient(configuration, Cloud.AzureCredentials.Create(configuration));
        return new Failures(blobs.GetBlobContainerClient(names.InputContainer), blobs.GetBlobContainerClient(names.OutputContainer),
            Failures.PoisonQueue(queues), blobs.GetBlobContainerClient(deadLetter));
    }

    private static async Task<int> ListAsync(DateTimeOffset? since, bool json, string deadLetter, CancellationToken cancellationToken)
    {
        var found = await Open(CloudCli.Configuration(), deadLetter).ListAsync(since, cancellationToken).ConfigureAwait(false);
        foreach (var f in found.OrderBy(f => f.When))
        {
            Console.WriteLine(json ? JsonSerializer.Serialize(f, Json)
                : TerminalText.Safe($"{f.When?.ToString("u", CultureInfo.InvariantCulture) ?? "-",-20} {f.Kind,-12} {f.Video}: {f.Reason}"));
        }

        if (!json)
        {
            Console.WriteLine(found.Count == 0 ? "no failures" : $"{found.Count} failure(s); run them again with: classroom retry VIDEO... or --all");
        }

        return 0;
    }

    private static async Task<int> RetryAsync(string[] videos, bool all, Uri? webhook, string deadLetter, CancellationToken cancellationToken)
    {
        var configuration = CloudCli.Configuration();
        var failures = Open(configuration, deadLetter);
        var names = all ? (await failures.ListAsync(null, cancellationToken).ConfigureAwait(false)).Select(f => f.Video).Distinct(StringComparer.Ordinal).ToArray() : videos;
        var input = CloudCli.Blobs(configuration).GetBlobContainerClient(CloudCli.Names(configuration).InputContainer);
        using var http = new HttpClient();
        var notifier = new BlobCreatedNotifier(http);
        var missing = 0;
        foreach (var name in names)
        {
            var temp = Path.Combine(Path.GetTempPath(), $"classroom-retry-{Guid.NewGuid():N}");
            try
            {
                await input.GetBlobClient(name).DownloadToAsync(temp, cancellationToken).ConfigureAwait(false);
                var cleared = await failures.ClearAsync(name, cancellationToken).ConfigureAwait(false);
                var uploaded = await BlobUploads.UploadFileAsync(input, temp, name, cancellationToken).ConfigureAwait(false);
                if (webhook is not null)
                {
                    await notifier.NotifyAsync(webhook, uploaded, cancellationToken).ConfigureAwait(false);
                }

                Console.WriteLine(TerminalText.Safe($"{name}: {cleared} failure record(s) cleared, uploaded again (ETag {uploaded.ETag.Trim('"')}){(webhook is null ? "" : ", notified")}"));
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                missing++;
                await Console.Error.WriteLineAsync(TerminalText.Safe($"classroom retry: {name} is not in {input.Name} (deleted, or mistyped): nothing to run again")).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(temp);
            }
        }

        if (names.Length == 0)
        {
            Console.WriteLine("no failures to run again");
        }

        return missing > 0 ? 1 : 0;
    }
}
