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
    public const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The Cosmos DB emulator's well-known key (the test server accepts any).</summary>
    public const string CosmosKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU9DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private readonly NodeServer azurite;
    private readonly NodeServer cosmos;
    private readonly string workspace = Directory.CreateTempSubdirectory("classroom-azurite-").FullName;

    public Emulators()
    {
        var ports = NodeServer.FreePorts(4);
        int blobPort = ports[0], queuePort = ports[1], tablePort = ports[2], cosmosPort = ports[3];
        azurite = NodeServer.Start(
            Path.Combine(RepoPaths.NodeModules, "azurite", "dist", "src", "azurite.js"),
            ["--blobHost", "127.0.0.1", "--blobPort", $"{blobPort}", "--queueHost", "127.0.0.1", "--queuePort", $"{queuePort}",
             "--tableHost", "127.0.0.1", "--tablePort", $"{tablePort}", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose",
             "--silent"],
            [blobPort, queuePort],
            workspace);
        try
        {
            cosmos = NodeServer.Start(
                Path.Combine(RepoPaths.Root, "scripts", "dev", "cosmos-server.js"),
                [$"{cosmosPort}"],
                [cosmosPort],
                workspace);
        }
        catch
        {
            azurite.Dispose();
            throw;
        }

        StorageConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;";
        CosmosConnectionString = CosmosConnectionStringFor(cosmosPort);
    }

    public string StorageConnectionString { get; }

    public string CosmosConnectionString { get; }

    public static string CosmosConnectionStringFor(int port) => $"AccountEndpoint=https://127.0.0.1:{port}/;AccountKey={CosmosKey};";

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
        cosmos.Dispose();
        azurite.Dispose();
        Directory.Delete(workspace, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class EmulatorGroup : ICollectionFixture<Emulators>
{
    public const string Name = "emulators";
}
