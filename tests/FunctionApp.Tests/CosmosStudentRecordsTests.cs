using System.Diagnostics;
using Classroom.Cloud;
using Classroom.Cloud.Cosmos;
using Classroom.Recognition.Roster;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;

namespace Classroom.FunctionApp.Tests;

[Collection(EmulatorGroup.Name)]
public sealed class CosmosStudentRecordsTests(Emulators emulators)
{
    private static readonly StudentRecord[] Students =
    [
        new("president_trump", "physics", "junior", 1),
        new("mr_bean", "chemistry", "senior", 3),
    ];

    [Fact]
    public async Task Seeded_students_are_found_by_point_read_and_missing_ones_are_null()
    {
        var configuration = emulators.Configuration();
        using var client = Emulators.CosmosClient(configuration);
        var options = configuration.GetSection(CosmosOptions.SectionName).Get<CosmosOptions>()!;

        Assert.Equal(2, await StudentSeeder.PushAsync(client, options, Students, CancellationToken.None));
        // Upsert: pushing again (with a changed record) replaces, never duplicates or fails.
        await StudentSeeder.PushAsync(client, options, [Students[0] with { Year = "senior" }], CancellationToken.None);

        var records = new CosmosStudentRecords(client, options);
        Assert.Equal(new StudentRecord("president_trump", "physics", "senior", 1), await records.FindAsync("president_trump", CancellationToken.None));
        Assert.Equal(Students[1], await records.FindAsync("mr_bean", CancellationToken.None));
        Assert.Null(await records.FindAsync("denzel_washington", CancellationToken.None));
        Assert.Null(await records.FindAsync("a/b", CancellationToken.None));
    }

    [Fact]
    public async Task Seeder_rejects_names_that_cannot_be_ids()
    {
        var configuration = emulators.Configuration();
        using var client = Emulators.CosmosClient(configuration);
        var options = configuration.GetSection(CosmosOptions.SectionName).Get<CosmosOptions>()!;
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            StudentSeeder.PushAsync(client, options, [new StudentRecord("x#y", "m", "y")], CancellationToken.None));
        Assert.Contains("'x#y'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_account_throws_instead_of_answering_no_record()
    {
        var configuration = emulators.Configuration(Emulators.CosmosConnectionStringFor(NodeServer.FreePort()));
        using var client = Emulators.CosmosClient(configuration);
        var records = new CosmosStudentRecords(client, configuration.GetSection(CosmosOptions.SectionName).Get<CosmosOptions>()!);
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => records.FindAsync("president_trump", CancellationToken.None).AsTask());
        Assert.True(error is CosmosException or HttpRequestException, error.ToString());
        // Bound: the host's retry comes sooner than its function timeout (10 min); the SDK's own retries take seconds.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Cosmos_options_prefer_key_auth_only_when_a_connection_string_is_set()
    {
        var azure = new CosmosOptions { AccountEndpoint = "https://acct.documents.azure.com:443/" };
        Assert.False(azure.UsesKey);
        using var client = CosmosClients.Create(azure, AzureCredentials.Create(new ConfigurationBuilder().Build()));
        Assert.Equal(new Uri("https://acct.documents.azure.com:443/"), client.Endpoint);
        Assert.Throws<InvalidOperationException>(() => CosmosClients.Create(new CosmosOptions(), AzureCredentials.Create(new ConfigurationBuilder().Build())));
    }
}
