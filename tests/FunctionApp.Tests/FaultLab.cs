using Classroom.Cloud;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Roster;
using Microsoft.Extensions.Configuration;

namespace Classroom.FunctionApp.Tests;

/// <summary>
/// The function's job against servers that can fail: its own Azurite, persisting to disk so that a stop and restart
/// (SIGTERM, as an operator or an outage would) keeps the blobs, and its own Cosmos server, which throttles (429) while
/// its faults file holds a count and can be stopped and started again (in memory: the students are seeded again, as a
/// recovered Cosmos DB still has them). Loopback only; everything stops with the fixture.
/// </summary>
public sealed class FaultLab : IDisposable
{
    public static StudentRecord Alice { get; } = new("alice", "physics", "junior", 1);

    private readonly string workspace = Directory.CreateTempSubdirectory("classroom-faults-").FullName;
    private readonly int[] ports = NodeServer.FreePorts(4);
    private NodeServer azurite;
    private NodeServer cosmos;

    public FaultLab()
    {
        FaultsFile = Path.Combine(workspace, "cosmos-faults");
        File.WriteAllText(FaultsFile, "0");
        azurite = StartAzurite();
        cosmos = StartCosmos();
        var storage = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Emulators.AzuriteKey};" +
            $"BlobEndpoint=http://127.0.0.1:{ports[0]}/devstoreaccount1;";
        Harness = new FunctionHarness(LocalSettings.Build(new Dictionary<string, string?>
        {
            [ClassroomCloudOptions.StorageConnectionName] = storage,
            ["Classroom:Cosmos:ConnectionString"] = Emulators.CosmosConnectionStringFor(ports[2]),
            ["Classroom:Cosmos:Database"] = "classroom-faults",
        }));
        foreach (var photo in new[] { 1, 2 })
        {
            Faces[photo] = Harness.LargestFace(TestVideos.Photo(photo));
        }

        Harness.SeedStudentsAsync([Alice]).GetAwaiter().GetResult();
        Harness.PushFacesAsync([new KnownFace("alice", Faces[1].Descriptor), new KnownFace("bob", Faces[2].Descriptor)]).GetAwaiter().GetResult();
    }

    public FunctionHarness Harness { get; }

    public TestVideos Videos { get; } = new();

    public Dictionary<int, DetectedFace> Faces { get; } = [];

    /// <summary>Requests the Cosmos server answers 429 to before serving again.</summary>
    public string FaultsFile { get; }

    public void Throttle(int requests) => File.WriteAllText(FaultsFile, requests.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public void StopAzurite() => azurite.Stop();

    public void StartAzuriteAgain()
    {
        azurite.Dispose();
        azurite = StartAzurite();
    }

    public void StopCosmos() => cosmos.Stop();

    public async Task StartCosmosAgainAsync()
    {
        cosmos.Dispose();
        cosmos = StartCosmos();
        await Harness.SeedStudentsAsync([Alice]);
    }

    public void Dispose()
    {
        Harness.Dispose();
        azurite.Dispose();
        cosmos.Dispose();
        Videos.Dispose();
        Directory.Delete(workspace, recursive: true);
    }

    private NodeServer StartAzurite() => NodeServer.Start(
        Path.Combine(RepoPaths.NodeModules, "azurite", "dist", "src", "azurite.js"),
        ["--blobHost", "127.0.0.1", "--blobPort", $"{ports[0]}", "--queueHost", "127.0.0.1", "--queuePort", $"{ports[1]}",
         "--tableHost", "127.0.0.1", "--tablePort", $"{ports[3]}", "--location", Path.Combine(workspace, "azurite"), "--skipApiVersionCheck", "--loose", "--silent"],
        [ports[0]],
        workspace);

    private NodeServer StartCosmos() => NodeServer.Start(
        Path.Combine(RepoPaths.Root, "scripts", "dev", "cosmos-server.js"), [$"{ports[2]}", FaultsFile], [ports[2]], workspace);
}
