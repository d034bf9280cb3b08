using System.CommandLine;
using Classroom.Cloud.Storage;
using Classroom.Recognition.Roster;

namespace Classroom.Cli.Commands;

/// <summary>
/// <c>classroom faces push [FILE]</c>: publishes the known faces as the roster blob the function app reads
/// (<c>Classroom__RosterContainer</c>/<c>Classroom__RosterBlob</c>), always in our JSON format: from FILE (the
/// original's pickle or ours), or without FILE the local store's. Running instances reload it on the next video.
/// </summary>
internal static class FacesPushCommand
{
    /// <summary>The <c>push</c> subcommand of <see cref="FacesCommand"/>'s group.</summary>
    public static Command Push()
    {
        var file = new Argument<string?>("file") { Description = "encoding/encoding.dat pickle or a known-faces JSON file (default: the local store's faces)", Arity = ArgumentArity.ZeroOrOne };
        var data = CliOptions.Data();
        var push = new Command("push", "Upload the known faces as the function app's roster blob") { file, data };
        push.SetAction((parse, ct) => CloudCli.RunAsync("faces push", () => PushAsync(parse.GetValue(file), parse.GetValue(data), ct)));
        return push;
    }

    private static async Task<int> PushAsync(string? file, string? data, CancellationToken cancellationToken)
    {
        // A bad file is bad input (exit 2), not a failure of the service (exit 1, CloudCli.RunAsync).
        var faces = file is null
            ? await CliHost.LocalRoster(data).GetAllAsync(cancellationToken).ConfigureAwait(false)
            : await CliErrors.ReadInputAsync("faces push", file, f => KnownFacesFile.Read(f)).ConfigureAwait(false);
        if (faces is null)
        {
            return CliErrors.BadInvocation;
        }

        var configuration = CloudCli.Configuration();
        var names = CloudCli.Names(configuration);
        var roster = CloudCli.Blobs(configuration).GetBlobContainerClient(names.RosterContainer).GetBlobClient(names.RosterBlob);
        var count = await RosterPush.PushAsync(roster, [.. faces], cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"{count} known face(s) of {faces.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count()} people pushed to {roster.Uri}");
        return 0;
    }
}
