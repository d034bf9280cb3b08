using Azure.Storage.Blobs;
using Classroom.Cloud;
using Classroom.Cloud.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;

namespace Classroom.FunctionApp.Tests;

/// <summary>
/// Azurite (blob + queue) and @zeit/cosmosdb-server (via cosmos-server.js) from node_modules on free loopback ports, in memory,
/// for the whole test collection; each test isolates itself with its own container/database names.
/// </summary>
public sealed class Emulators : IDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented).</summary>
    public const string AzuriteKey = DevServers.AzuriteKey;

    /// <summary>The Cosmos DB emulator's well-known key (the test server accepts any).</summary>
    public const string CosmosKey = DevServers.CosmosKey;

    private readonly DevServers servers;
    private readonly string workspace = Directory.CreateTempSubdirectory("classroom-azurite-").FullName;

    public Emulators() => servers = DevServers.Start(RepoPaths.Root, workspace);

    public string StorageConnectionString => servers.StorageConnectionString;

    public string CosmosConnectionString => servers.CosmosConnectionString;

    public static string CosmosConnectionStringFor(int port) => DevServers.CosmosConnectionStringFor(port);

    /// <summary>The app's configuration (local.settings.sample.json) pointed at these servers, with container and database names unique to one test.</summary>
    public IConfiguration Configuration(string? cosmosConnectionString = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        return LocalSettings.Build(new Dictionary<string, string?>
        {
            [ClassroomCloudOptions.StorageConnectionName] = StorageConnectionString,
            ["Classroom:InputContainer"] = $"videos-{suffix}",
            ["Classroom:OutputContainer"] = $"results-{suffix}",
            ["Classroom:RosterContainer"] = $"roster-{suffix}",
            ["Classroom:Cosmos:ConnectionString"] = cosmosConnectionString ?? CosmosConnectionString,
            ["Classroom:Cosmos:Database"] = $"classroom-{suffix}",
        });
    }

    public BlobServiceClient BlobService() => new(StorageConnectionString);

    public static CosmosClient CosmosClient(IConfiguration configuration) =>
        CosmosClients.Create(configuration.GetSection(CosmosOptions.SectionName).Get<CosmosOptions>()!, AzureCredentials.Create(configuration));

    public void Dispose()
    {
        servers.Dispose();
        Directory.Delete(workspace, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class EmulatorGroup : ICollectionFixture<Emulators>
{
    public const string Name = "emulators";
}
