using System.CommandLine;
using Classroom.Cloud.Storage;

namespace Classroom.Cli.Commands;

/// <summary>
/// <c>classroom upload FILE... [--prefix PATH] [--notify [URL]] [--wait [--out DIR] [--timeout MIN]]</c>: uploads
/// videos to the input container (Azurite with a connection string, Azure with your Entra ID sign-in); with
/// <c>--notify</c>, posts the BlobCreated event Azurite does not emit to a local Functions host's blob webhook; with
/// <c>--wait</c>, waits for every video's result for the version just uploaded, prints it and saves it.
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
        var wait = new Option<bool>("--wait") { Description = "Wait for each video's result (of this upload, not an earlier one) and save it under --out" };
        var output = new Option<string>("--out") { Description = "Folder for the results with --wait (the blobs' folders kept)", DefaultValueFactory = _ => Path.Combine("out", "azure-results") };
        var timeout = new Option<double>("--timeout") { Description = "Minutes to wait with --wait (a cold start loads the models once)", DefaultValueFactory = _ => 10 };
        var command = new Command("upload", "Upload videos to the function app's input container") { files, prefix, notify, wait, output, timeout };
        command.SetAction((parse, ct) =>
        {
            Uri? webhook = parse.GetResult(notify) is null ? null
                : parse.GetValue(notify) is { Length: > 0 } url ? new Uri(url) : BlobCreatedNotifier.DefaultWebhook;
            var results = parse.GetValue(wait) ? new Wait(parse.GetValue(output)!, TimeSpan.FromMinutes(Math.Max(0.05, parse.GetValue(timeout)))) : null;
            return CloudCli.RunAsync("upload", () => UploadAsync(parse.GetValue(files)!, parse.GetValue(prefix), webhook, results, ct));
        });
        return command;
    }

    private sealed record Wait(string Out, TimeSpan Timeout);

    private static async Task<int> UploadAsync(string[] files, string? prefix, Uri? webhook, Wait? wait, CancellationToken cancellationToken)
    {
        var missing = files.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
        {
            await Console.Error.WriteLineAsync($"classroom upload: not found: {string.Join(", ", missing)}").ConfigureAwait(false);
            return 2; // a bad invocation, not a failure of the service
        }

        var configuration = CloudCli.Configuration();
        var container = CloudCli.Blobs(configuration).GetBlobContainerClient(CloudCli.Names(configuration).InputContainer);
        using var http = new HttpClient();
        var notifier = new BlobCreatedNotifier(http);
        var uploads = new List<UploadedBlob>();
        foreach (var file in files)
        {
            var uploaded = await BlobUploads.UploadFileAsync(container, file, BlobUploads.BlobNameFor(file, prefix), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"uploaded {file} → {uploaded.Blob.Uri} ({uploaded.ContentLength} bytes)");
            if (webhook is not null)
            {
                await notifier.NotifyAsync(webhook, uploaded, cancellationToken).ConfigureAwait(false);
                Console.WriteLine($"notified {webhook.GetLeftPart(UriPartial.Path)}");
            }

            uploads.Add(uploaded);
        }

        return wait is null ? 0 : await WaitAsync(configuration, uploads, wait, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Exit 0 when every video got a result other than an error, 1 otherwise.</summary>
    private static async Task<int> WaitAsync(Microsoft.Extensions.Configuration.IConfiguration configuration, List<UploadedBlob> uploads, Wait wait, CancellationToken cancellationToken)
    {
        var output = CloudCli.Blobs(configuration).GetBlobContainerClient(CloudCli.Names(configuration).OutputContainer);
        Console.WriteLine($"waiting for {uploads.Count} result(s) in {output.Name} (at most {wait.Timeout.TotalMinutes:0.#} min)");
        var failed = false;
        foreach (var result in await ResultWaiter.WaitAsync(output, uploads, wait.Timeout, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false))
        {
            if (result.Result is null)
            {
                failed = true;
                await Console.Error.WriteLineAsync($"classroom upload: no result for {result.Video} after {wait.Timeout.TotalMinutes:0.#} min (docs/deployment.md, Troubleshooting)").ConfigureAwait(false);
                continue;
            }

            var path = Path.GetFullPath(Path.Combine(wait.Out, result.Result.Replace('/', Path.DirectorySeparatorChar)));
            if (!path.StartsWith(Path.GetFullPath(wait.Out) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                path = Path.Combine(Path.GetFullPath(wait.Out), Path.GetFileName(path)); // a name climbing out of --out keeps its file name only
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, result.Content, cancellationToken).ConfigureAwait(false);
            failed |= result.Status == "error";
            Console.WriteLine($"{result.Video} → {path} ({result.Status})");
            Console.Write(result.Content);
            Console.WriteLine();
        }

        return failed ? 1 : 0;
    }
}
