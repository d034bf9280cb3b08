namespace Classroom.Cloud.Local;

/// <summary>
/// The local stand-ins for the cloud, from the repository's own files: Azurite (blob, queue, table; in memory) and
/// <c>scripts/dev/cosmos-server.js</c> (@zeit/cosmosdb-server) on free loopback ports, with the emulators' public
/// development keys; both stopped on dispose. What <c>./classroom workload --target local</c> and the tests run.
/// </summary>
public sealed class DevServers : IDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented).</summary>
    public const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The Cosmos DB emulator's well-known key (the development server accepts any).</summary>
    public const string CosmosKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU9DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private readonly NodeServer azurite;
    private readonly NodeServer cosmos;

    private DevServers(NodeServer azurite, NodeServer cosmos, int blobPort, int queuePort, int cosmosPort)
    {
        this.azurite = azurite;
        this.cosmos = cosmos;
        StorageConnectionString = StorageConnectionStringFor(blobPort, queuePort);
        CosmosConnectionString = CosmosConnectionStringFor(cosmosPort);
    }

    public string StorageConnectionString { get; }

    public string CosmosConnectionString { get; }

    /// <summary>
    /// Starts both servers from <paramref name="repositoryRoot"/> (its node_modules and scripts/dev), working in
    /// <paramref name="workspace"/> (Azurite writes its debug and lock files there); throws with the fix when a piece is missing.
    /// </summary>
    public static DevServers Start(string repositoryRoot, string workspace)
    {
        var ports = NodeServer.FreePorts(4);
        int blobPort = ports[0], queuePort = ports[1], tablePort = ports[2], cosmosPort = ports[3];
        var azurite = NodeServer.Start(
            AzuriteScript(repositoryRoot),
            ["--blobHost", "127.0.0.1", "--blobPort", $"{blobPort}", "--queueHost", "127.0.0.1", "--queuePort", $"{queuePort}",
             "--tableHost", "127.0.0.1", "--tablePort", $"{tablePort}", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent"],
            [blobPort, queuePort],
            workspace);
        try
        {
            var cosmos = NodeServer.Start(CosmosScript(repositoryRoot), [$"{cosmosPort}"], [cosmosPort], workspace);
            return new DevServers(azurite, cosmos, blobPort, queuePort, cosmosPort);
        }
        catch
        {
            azurite.Dispose();
            throw;
        }
    }

    public static string AzuriteScript(string repositoryRoot) => Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");

    public static string CosmosScript(string repositoryRoot) => Path.Combine(repositoryRoot, "scripts", "dev", "cosmos-server.js");

    public static string StorageConnectionStringFor(int blobPort, int queuePort) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;";

    public static string CosmosConnectionStringFor(int port) => $"AccountEndpoint=https://127.0.0.1:{port}/;AccountKey={CosmosKey};";

    public void Dispose()
    {
        cosmos.Dispose();
        azurite.Dispose();
    }
}
