using System.CommandLine;
using System.Globalization;
using Classroom.Cloud;
using Classroom.Cloud.Storage;

namespace Classroom.Cli.Commands;

/// <summary>
/// <c>classroom events [--watch] [--webhook URL] [--interval S]</c>, development only: the Event Grid Azurite lacks.
/// Posts a BlobCreated event to the local Functions host for every new blob version in the input container
/// (<see cref="BlobCreatedBridge"/>), once or, with <c>--watch</c>, until Ctrl-C. Only to a loopback webhook: in Azure
/// Event Grid delivers the events, and this command has no business posting them anywhere else.
/// </summary>
internal static class EventsCommand
{
    public static Command Create()
    {
        var webhook = new Option<string?>("--webhook") { Description = $"The host's blob webhook (default {BlobCreatedNotifier.DefaultWebhook})" };
        var watch = new Option<bool>("--watch") { Description = "Keep watching the input container until Ctrl-C" };
        var interval = new Option<double>("--interval") { Description = "Seconds between listings with --watch", DefaultValueFactory = _ => 2 };
        var command = new Command("events", "Development only: post Event Grid BlobCreated events for new blobs in Azurite's input container to func start") { webhook, watch, interval };
        command.SetAction(async (parse, ct) =>
        {
            var url = parse.GetValue(webhook) is { Length: > 0 } given ? given : BlobCreatedNotifier.DefaultWebhook.AbsoluteUri;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !Loopback.IsLoopback(uri))
            {
                await Console.Error.WriteLineAsync($"classroom events: --webhook must be a loopback http(s) URL (the local host's webhook), got {url}").ConfigureAwait(false);
                return 2;
            }

            var seconds = parse.GetValue(interval);
            if (!(seconds is >= 0.1 and <= 3600))
            {
                await Console.Error.WriteLineAsync("classroom events: --interval must be between 0.1 and 3600 seconds").ConfigureAwait(false);
                return 2;
            }

            return await CloudCli.RunAsync("events", () => RunAsync(uri, parse.GetValue(watch), TimeSpan.FromSeconds(seconds), ct)).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(Uri webhook, bool watch, TimeSpan interval, CancellationToken cancellationToken)
    {
        var configuration = CloudCli.Configuration();
        var input = CloudCli.Blobs(configuration).GetBlobContainerClient(CloudCli.Names(configuration).InputContainer);
        using var http = new HttpClient();
        var bridge = new BlobCreatedBridge(input, new BlobCreatedNotifier(http), webhook);
        Console.WriteLine($"posting BlobCreated events for {input.Uri} to {webhook.GetLeftPart(UriPartial.Path)}{(watch ? " (Ctrl-C stops)" : "")}");
        do
        {
            foreach (var blob in await bridge.PassAsync(cancellationToken).ConfigureAwait(false))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.Now:HH:mm:ss} BlobCreated {blob.Blob.Name} ({blob.ContentLength} bytes, ETag {blob.ETag.Trim('"')})"));
            }

            if (watch)
            {
                try
                {
                    await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return 0; // Ctrl-C: the way --watch ends
                }
            }
        }
        while (watch);
        return 0;
    }
}
