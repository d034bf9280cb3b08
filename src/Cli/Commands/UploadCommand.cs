using System.CommandLine;
using Classroom.Cloud.Storage;

namespace Classroom.Cli.Commands;

/// <summary>
/// <c>classroom upload FILE... [--prefix PATH] [--notify [URL]]</c>: uploads videos to the input container
/// (Azurite with a connection string, Azure with your Entra ID sign-in) and, with <c>--notify</c>, posts the
/// BlobCreated event Azurite does not emit to a local Functions host's blob webhook.
/// </summary>
internal static class UploadCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Videos to upload", Arity = ArgumentArity.OneOrMore };
        var prefix = new Option<string?>("--prefix") { Description = "Folder in the container for the blobs (e.g. week1/room2)" };
        var notify = new Option<string?>("--notify")
        {
            Description = $"Post a Microsoft.Storage.BlobCreated event per blob to this webhook (default {BlobCreatedNotifier.DefaultWebhook})",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("upload", "Upload videos to the function app's input container") { files, prefix, notify };
        command.SetAction((parse, ct) =>
        {
            Uri? webhook = parse.GetResult(notify) is null ? null
                : parse.GetValue(notify) is { Length: > 0 } url ? new Uri(url) : BlobCreatedNotifier.DefaultWebhook;
            return CloudCli.RunAsync("upload", () => UploadAsync(parse.GetValue(files)!, parse.GetValue(prefix), webhook, ct));
        });
        return command;
    }

    private static async Task<int> UploadAsync(string[] files, string? prefix, Uri? webhook, CancellationToken cancellationToken)
    {
        var missing = files.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
        {
            await Console.Error.WriteLineAsync($"classroom upload: not found: {string.Join(", ", missing)}").ConfigureAwait(false);
            return 1;
        }

        var configuration = CloudCli.Configuration();
        var container = CloudCli.Blobs(configuration).GetBlobContainerClient(CloudCli.Names(configuration).InputContainer);
        using var http = new HttpClient();
        var notifier = new BlobCreatedNotifier(http);
        foreach (var file in files)
        {
            var uploaded = await BlobUploads.UploadFileAsync(container, file, BlobUploads.BlobNameFor(file, prefix), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"uploaded {file} → {uploaded.Blob.Uri} ({uploaded.ContentLength} bytes)");
            if (webhook is not null)
            {
                await notifier.NotifyAsync(webhook, uploaded, cancellationToken).ConfigureAwait(false);
                Console.WriteLine($"notified {webhook.GetLeftPart(UriPartial.Path)}");
            }
        }

        return 0;
    }
}
