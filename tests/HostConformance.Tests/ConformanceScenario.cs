using System.Diagnostics;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Classroom.Cloud;
using Classroom.Cloud.Cosmos;
using Classroom.Cloud.Storage;
using Classroom.FunctionApp.Tests;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Roster;
using Microsoft.Extensions.Configuration;

namespace Classroom.HostConformance.Tests;

/// <summary>
/// What the conformance tests share: clips of three faces (alice, a student; bob, on the roster without a record;
/// an empty room), the face descriptors found once by the app's own engine, and the seeding and reading helpers.
/// Each test gets settings of its own (containers, database, host id), so hosts never see each other's blobs.
/// </summary>
public sealed class ConformanceScenario : IDisposable
{
    public const string Header = "name,major,year\r\n";

    /// <summary>How long one video may take through the host (the first invocation loads the models; the machine is shared).</summary>
    public static readonly TimeSpan OneVideo = TimeSpan.FromSeconds(90);

    /// <summary>The queue the blobs extension moves a message to after poisonBlobThreshold failed tries (in the trigger's storage account).</summary>
    public const string PoisonQueue = "webjobs-blobtrigger-poison";

    private static readonly TimeSpan CliTimeout = TimeSpan.FromMinutes(2);

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<int, DetectedFace> faces = [];
    private readonly Dictionary<string, string> clips = [];
    private NodeServer? hostStorage;
    private string? hostStorageWorkspace;
    private string? hostStorageConnectionString;

    public TestVideos Videos { get; } = new();

    public static StudentRecord Alice { get; } = new("alice", "physics", "junior", 1);

    public static string AliceCsv => Header + "alice,physics,junior\r\n";

    /// <summary>
    /// The function app's settings against the emulators, names unique to one test. <c>AzureWebJobsStorage</c>, the host's own
    /// account, is a second Azurite (one for the class, started on first use), so a test can tell which account the extension
    /// puts each queue in; <c>ClassroomStorage</c> (the trigger's connection, the app's data) is the shared one.
    /// </summary>
    public IConfiguration Settings(Emulators emulators, string? cosmosConnectionString = null) =>
        new ConfigurationBuilder()
            .AddConfiguration(emulators.Configuration(cosmosConnectionString))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = HostStorageConnectionString })
            .Build();

    /// <summary>The host's account (AzureWebJobsStorage): an Azurite of its own, blob and queue, in memory.</summary>
    public string HostStorageConnectionString
    {
        get
        {
            lock (faces)
            {
                if (hostStorage is null)
                {
                    var ports = NodeServer.FreePorts(3);
                    hostStorageWorkspace = Directory.CreateTempSubdirectory("classroom-hoststorage-").FullName;
                    hostStorage = NodeServer.Start(
                        Path.Combine(RepoPaths.NodeModules, "azurite", "dist", "src", "azurite.js"),
                        ["--blobHost", "127.0.0.1", "--blobPort", $"{ports[0]}", "--queueHost", "127.0.0.1", "--queuePort", $"{ports[1]}",
                         "--tableHost", "127.0.0.1", "--tablePort", $"{ports[2]}", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent"],
                        [ports[0], ports[1]],
                        hostStorageWorkspace);
                    hostStorageConnectionString =
                        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Emulators.AzuriteKey};" +
                        $"BlobEndpoint=http://127.0.0.1:{ports[0]}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{ports[1]}/devstoreaccount1;";
                }

                return hostStorageConnectionString!;
            }
        }
    }

    public static ClassroomCloudOptions Names(IConfiguration settings) =>
        settings.GetSection(ClassroomCloudOptions.SectionName).Get<ClassroomCloudOptions>()!;

    public static BlobContainerClient Input(IConfiguration settings) =>
        new BlobServiceClient(settings[ClassroomCloudOptions.StorageConnectionName]).GetBlobContainerClient(Names(settings).InputContainer);

    public static BlobContainerClient Output(IConfiguration settings) =>
        new BlobServiceClient(settings[ClassroomCloudOptions.StorageConnectionName]).GetBlobContainerClient(Names(settings).OutputContainer);

    /// <summary>A queue of the trigger's storage account (ClassroomStorage), read as the extension writes it (base64).</summary>
    public static QueueClient Queue(string connectionString, string name) =>
        new(connectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <summary>The roster (alice, bob) into this test's roster blob, and, when Cosmos is up, alice's record.</summary>
    public async Task SeedAsync(Emulators emulators, IConfiguration settings, bool students = true)
    {
        await EnsureFacesAsync(emulators);
        var names = Names(settings);
        var roster = new BlobServiceClient(settings[ClassroomCloudOptions.StorageConnectionName])
            .GetBlobContainerClient(names.RosterContainer).GetBlobClient(names.RosterBlob);
        await RosterPush.PushAsync(roster, [new KnownFace("alice", faces[1].Descriptor), new KnownFace("bob", faces[2].Descriptor)], CancellationToken.None);
        if (students)
        {
            using var cosmos = Emulators.CosmosClient(settings);
            await StudentSeeder.PushAsync(cosmos, settings.GetSection(CosmosOptions.SectionName).Get<CosmosOptions>()!, [Alice], CancellationToken.None);
        }
    }

    /// <summary>A clip file: "alice" (photo 1's face), "bob" (photo 2's) or "empty" (no face), copied to <paramref name="fileName"/>.</summary>
    public async Task<string> ClipAsync(Emulators emulators, string kind, string fileName)
    {
        await EnsureFacesAsync(emulators);
        await gate.WaitAsync();
        try
        {
            if (!clips.TryGetValue(kind, out var source))
            {
                source = kind switch
                {
                    "alice" => Videos.FromFace(1, faces[1].Box, "source-alice.mp4"),
                    "bob" => Videos.FromFace(2, faces[2].Box, "source-bob.mp4"),
                    "empty" => Videos.NoFace("source-empty.mp4"),
                    _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "alice, bob or empty"),
                };
                clips[kind] = source;
            }

            var folder = Directory.CreateDirectory(Path.Combine(Videos.Folder, Guid.NewGuid().ToString("N"))).FullName;
            var path = Path.Combine(folder, fileName);
            File.Copy(source, path);
            return path;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// <c>classroom upload FILE... [--prefix P] --notify WEBHOOK</c> as a user runs it, with the app's settings in the
    /// environment (the CLI's cloud commands read the same keys); bounded by a timeout.
    /// </summary>
    public static (int Exit, string Stdout, string Stderr) Upload(IConfiguration settings, Uri webhook, string? prefix, params string[] files)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(webhook);
        var work = Directory.CreateTempSubdirectory("classroom-upload-").FullName; // no local.settings.json here
        try
        {
            List<string> arguments = ["upload", .. files];
            if (prefix is not null)
            {
                arguments.AddRange(["--prefix", prefix]);
            }

            arguments.AddRange(["--notify", webhook.AbsoluteUri]);
            using var process = Process.Start(Cli(settings, work, arguments))!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(CliTimeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new TimeoutException($"classroom upload did not finish within {CliTimeout.TotalSeconds} s: {stdout.Result} {stderr.Result}");
            }

            return (process.ExitCode, stdout.Result, stderr.Result);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// <c>classroom ARGS</c> (the CLI this project references) in <paramref name="work"/>, with the app's settings in the
    /// environment as a user's shell would have them (<c>Classroom__…</c>, <c>ClassroomStorage</c>); output redirected.
    /// </summary>
    public static ProcessStartInfo Cli(IConfiguration settings, string work, IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "classroom.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in settings.AsEnumerable())
        {
            if (value is not null && key.StartsWith("Classroom", StringComparison.Ordinal))
            {
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
        }

        return start;
    }

    public static async Task<List<string>> NamesInAsync(BlobContainerClient container)
    {
        var names = new List<string>();
        if (!await container.ExistsAsync())
        {
            return names;
        }

        await foreach (var item in container.GetBlobsAsync())
        {
            names.Add(item.Name);
        }

        return names;
    }

    public void Dispose()
    {
        hostStorage?.Dispose();
        if (hostStorageWorkspace is not null)
        {
            Directory.Delete(hostStorageWorkspace, recursive: true);
        }

        Videos.Dispose();
        gate.Dispose();
    }

    private async Task EnsureFacesAsync(Emulators emulators)
    {
        await gate.WaitAsync();
        try
        {
            if (faces.Count == 0)
            {
                // The app's own engine, as enrolment uses it (FunctionHarness: the app's DI registration).
                using var harness = new FunctionHarness(emulators.Configuration());
                foreach (var photo in new[] { 1, 2 })
                {
                    faces[photo] = harness.LargestFace(TestVideos.Photo(photo));
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds; a timeout names what was awaited.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout.TotalSeconds:F0} s for {what}");
            }

            await Task.Delay(100);
        }
    }
}
