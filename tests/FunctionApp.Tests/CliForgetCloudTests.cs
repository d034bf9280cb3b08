using Classroom.Cloud;
using Classroom.Cloud.Cosmos;
using Classroom.Cloud.Storage;
using Classroom.Recognition.Roster;
using Azure.Storage.Blobs.Models;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Classroom.FunctionApp.Tests;

/// <summary><c>classroom students forget NAME --cloud [--purge-versions]</c> as a user runs it, against Azurite and the Cosmos DB server.</summary>
[Collection(EmulatorGroup.Name)]
public sealed class CliForgetCloudTests(Emulators emulators) : IDisposable
{
    private const string Person = "zelda_quintana_x7";

    private readonly string _work = Directory.CreateTempSubdirectory("classroom-forget-").FullName;

    private static KnownFace Face(string name, int seed) => new(name, [.. Enumerable.Range(0, 128).Select(i => (float)Math.Sin(seed + i))]);

    [Fact]
    public async Task Forget_with_cloud_and_purge_erases_everywhere_says_what_and_for_how_long_azure_keeps_copies()
    {
        var configuration = emulators.Configuration();
        var names = configuration.GetSection(ClassroomCloudOptions.SectionName).Get<ClassroomCloudOptions>()!;
        var options = configuration.GetSection(CosmosOptions.SectionName).Get<CosmosOptions>()!;
        using (var client = Emulators.CosmosClient(configuration))
        {
            await StudentSeeder.PushAsync(client, options, [new(Person, "chemistry", "junior"), new("bob", "math", "senior")], CancellationToken.None);
        }

        var roster = emulators.BlobService().GetBlobContainerClient(names.RosterContainer).GetBlobClient(names.RosterBlob);
        await RosterPush.PushAsync(roster, [Face(Person, 1), Face("bob", 2)], CancellationToken.None);
        await roster.CreateSnapshotAsync();
        var local = new SqliteRoster(Path.Combine(_work, "data", LocalStoreOptions.FileName));
        await local.AddFacesAsync([Face(Person, 1)], null, false, CancellationToken.None);
        SqliteConnection.ClearAllPools();

        // As Bicep deploys the account: soft delete on (Azurite keeps the setting, though it soft-deletes nothing).
        var service = emulators.BlobService();
        var properties = (await service.GetPropertiesAsync()).Value;
        var retention = properties.DeleteRetentionPolicy;
        properties.DeleteRetentionPolicy = new BlobRetentionPolicy { Enabled = true, Days = 7 };
        await service.SetPropertiesAsync(properties);
        (int Exit, string Stdout, string Stderr) hint;
        try
        {
            hint = Cli(configuration, "students", "forget", Person, "--data", Path.Combine(_work, "data"), "--cloud");
        }
        finally
        {
            properties.DeleteRetentionPolicy = retention ?? new BlobRetentionPolicy { Enabled = false };
            await service.SetPropertiesAsync(properties);
        }

        Assert.Equal(0, hint.Exit);
        Assert.Contains(": 0 records and 1 face removed", hint.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{options.Database}/{options.Container}: 1 record removed", hint.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 face removed; rewritten with the other 1 face of 1 person", hint.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 snapshot(s) or version(s) may still hold", hint.Stdout, StringComparison.Ordinal);
        Assert.Contains("--purge-versions", hint.Stdout, StringComparison.Ordinal);
        Assert.Contains("note: the account keeps overwritten and deleted blob data soft-deleted for 7 days", hint.Stdout, StringComparison.Ordinal);

        var purge = Cli(configuration, "students", "forget", Person, "--data", Path.Combine(_work, "data"), "--cloud", "--purge-versions");
        Assert.Equal(0, purge.Exit); // the older copy was still there: erased now
        Assert.Contains("older copies of the roster blob: 1 snapshot or version deleted", purge.Stdout, StringComparison.Ordinal);
        Assert.Contains("note: blob soft delete is off on this account", purge.Stdout, StringComparison.Ordinal); // Azurite's own setting again
        Assert.Empty(await RosterBlobErasure.OlderCopiesAsync(roster, CancellationToken.None));

        var again = Cli(configuration, "students", "forget", Person, "--data", Path.Combine(_work, "data"), "--cloud", "--purge-versions");
        Assert.Equal(2, again.Exit);
        Assert.Equal($"classroom students forget: nothing to forget: no record or face of '{Person}' in the local store {Path.Combine(_work, "data", "roster.db")}, Cosmos DB or the roster blob (names match exactly)",
            again.Stderr.TrimEnd());
    }

    [Fact]
    public void Missing_cloud_settings_stop_before_anything_in_the_cloud_is_touched_exit_1()
    {
        var run = Cli(null, "students", "forget", Person, "--data", Path.Combine(_work, "data"), "--cloud");

        Assert.Equal(1, run.Exit);
        Assert.StartsWith("classroom students forget: Storage connection 'ClassroomStorage' is not configured", run.Stderr, StringComparison.Ordinal);
    }

    private (int Exit, string Stdout, string Stderr) Cli(IConfiguration? configuration, params string[] args) => CliRun.Run(configuration, _work, args);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
