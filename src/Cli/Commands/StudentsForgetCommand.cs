using System.CommandLine;
using Classroom.Cloud.Cosmos;
using Classroom.Cloud.Storage;
using Classroom.Recognition.Roster;
using Microsoft.Data.Sqlite;

namespace Classroom.Cli.Commands;

/// <summary>
/// <c>classroom students forget NAME [--data DIR] [--cloud [--purge-versions]]</c>: erases a student (record and faces)
/// from the local store so that no trace is left in its files, and with <c>--cloud</c> from Cosmos DB and the roster
/// blob (the settings of <c>students push</c>/<c>faces push</c>). Exit codes: 0 something was erased; 2 bad usage,
/// or NAME is nowhere (nothing to forget: a script must not take that for an erasure, nor for a failure that a retry
/// would fix — a mistyped name is the usual cause); 1 a store or service failed part-way: run it again, every step
/// is idempotent.
/// </summary>
internal static class StudentsForgetCommand
{
    private const string Command = "students forget";

    /// <summary>The <c>forget</c> subcommand of <see cref="StudentsCommand"/>'s group.</summary>
    public static Command Forget()
    {
        var name = new Argument<string>("name") { Description = "The student's name, exactly as stored (names are keys: see `students list`, `faces list`)" };
        var data = CliOptions.Data();
        var cloud = new Option<bool>("--cloud") { Description = "Also erase them from Cosmos DB and the function app's roster blob (settings as for `students push`)" };
        var purge = new Option<bool>("--purge-versions") { Description = "With --cloud: also delete the roster blob's older snapshots and versions, which still hold the person" };
        var forget = new Command("forget", "Erase a student's record and faces from the local store (and with --cloud from Azure), leaving no trace") { name, data, cloud, purge };
        forget.SetAction((parse, ct) => RunAsync(parse.GetValue(name)!, parse.GetValue(data), parse.GetValue(cloud), parse.GetValue(purge), ct));
        return forget;
    }

    internal static async Task<int> RunAsync(string name, string? data, bool cloud, bool purgeVersions, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return await UsageAsync("NAME must not be empty").ConfigureAwait(false);
        }

        if (purgeVersions && !cloud)
        {
            return await UsageAsync("--purge-versions applies to the roster blob: use it with --cloud").ConfigureAwait(false);
        }

        // What was erased is said as it happens (a later failure must not hide it); "nothing here" only when more follows.
        var roster = CliHost.LocalRoster(data);
        var path = roster.DatabasePath;
        bool found;
        string where;
        if (!File.Exists(path))
        {
            (found, where) = (false, $"the local store (there is none at {path}; none was created)");
            if (cloud)
            {
                Console.WriteLine($"local store: none at {path}");
            }
        }
        else
        {
            StoreErasure erased;
            try
            {
                erased = await roster.ForgetAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"classroom {Command}: {path}: {e.Message}").ConfigureAwait(false);
                return 1;
            }

            (found, where) = (erased.Found, $"the local store {path}");
            if (found)
            {
                Console.WriteLine($"local store {path}: {Count(erased.Records, "record")} and {Count(erased.Faces, "face")} removed; " +
                                  "the file was rewritten without free pages (VACUUM), its journal left empty: no trace of them in it");
            }
            else if (cloud)
            {
                Console.WriteLine($"local store {path}: no record or face of '{name}'");
            }
        }

        if (cloud)
        {
            var exit = await CloudCli.RunAsync(Command, async () =>
            {
                found |= await ForgetInCloudAsync(name, purgeVersions, cancellationToken).ConfigureAwait(false);
                return 0;
            }).ConfigureAwait(false);
            if (exit != 0)
            {
                return exit; // a service failed part-way; what was erased has been said
            }
        }

        if (!found)
        {
            var places = cloud ? where + ", Cosmos DB or the roster blob" : where;
            return await UsageAsync($"nothing to forget: no record or face of '{name}' in {places} (names match exactly)").ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Cosmos DB, then the roster blob and its older copies; true when anything of the person was there.</summary>
    private static async Task<bool> ForgetInCloudAsync(string name, bool purgeVersions, CancellationToken cancellationToken)
    {
        var configuration = CloudCli.Configuration();
        var names = CloudCli.Names(configuration);
        var blobs = CloudCli.Blobs(configuration); // both clients before any deletion: a missing setting stops nothing half-way
        var (client, options) = CloudCli.Cosmos(configuration);
        bool record;
        using (client)
        {
            record = await StudentErasure.RemoveAsync(client, options, name, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Cosmos DB {client.Endpoint} {options.Database}/{options.Container}: {(record ? "1 record removed" : "no record")}");
        }

        var roster = blobs.GetBlobContainerClient(names.RosterContainer).GetBlobClient(names.RosterBlob);
        var removal = await RosterBlobErasure.RemovePersonAsync(roster, name, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"roster blob {roster.Uri}: " + removal switch
        {
            { BlobFound: false } => "none",
            { FacesRemoved: 0 } => $"no face of '{name}'",
            { BlobDeleted: true } => $"{Count(removal.FacesRemoved, "face")} removed; no face was left, so the blob (and its snapshots) was deleted: push a roster before the next video",
            _ => $"{Count(removal.FacesRemoved, "face")} removed; rewritten with the other {Count(removal.FacesLeft, "face")} of {Count(removal.PeopleLeft, "person", "people")}",
        });

        var purged = 0;
        var copies = await RosterBlobErasure.OlderCopiesAsync(roster, cancellationToken).ConfigureAwait(false);
        if (purgeVersions)
        {
            var purge = await RosterBlobErasure.PurgeOlderCopiesAsync(roster, cancellationToken).ConfigureAwait(false);
            purged = purge.Deleted;
            Console.WriteLine($"older copies of the roster blob: {Count(purge.Deleted, "snapshot or version", "snapshots or versions")} deleted" +
                              (purge.AwaitingExpiry > 0 ? $", {purge.AwaitingExpiry} already soft-deleted" : ""));
        }
        else if (copies.Count > 0)
        {
            Console.WriteLine($"older copies of the roster blob: {copies.Count} snapshot(s) or version(s) may still hold '{name}': run again with --purge-versions to delete them");
        }

        if (removal.FacesRemoved > 0 || purged > 0 || copies.Count > 0)
        {
            var days = await RosterBlobErasure.SoftDeleteRetentionDaysAsync(blobs, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(days switch
            {
                0 => "note: blob soft delete is off on this account: deleted and overwritten roster data is gone at once",
                { } d => $"note: the account keeps overwritten and deleted blob data soft-deleted for {Count(d, "day")} (its delete retention, Bicep softDeleteDays) and then erases it; no client can erase it sooner",
                null => "note: the account keeps overwritten and deleted blob data soft-deleted for its delete retention (Bicep parameter softDeleteDays, bicep/main.bicep) and then erases it; no client can erase it sooner",
            });
        }

        return record || removal.FacesRemoved > 0 || purged > 0;
    }

    private static async Task<int> UsageAsync(string message)
    {
        await Console.Error.WriteLineAsync($"classroom {Command}: {message}").ConfigureAwait(false);
        return 2;
    }

    private static string Count(int n, string one, string? many = null) =>
        n.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many ?? one + "s");
}
