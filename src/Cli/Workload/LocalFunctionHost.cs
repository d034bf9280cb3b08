using System.Text.Json;
using System.Threading.Channels;
using Azure.Storage.Blobs;
using Classroom.Cloud;
using Classroom.Cloud.Cosmos;
using Classroom.Cloud.Jobs;
using Classroom.Cloud.Local;
using Classroom.Cloud.Storage;
using Classroom.Recognition.Roster;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Classroom.Cli.Workload;

/// <summary>
/// The function app on this machine for a workload: Azurite and the Cosmos DB server from node_modules on free
/// loopback ports, seeded with the roster, and the function's own job (<see cref="VideoBlobJob"/>, built by the same
/// registration as the app's) run for each BlobCreated event with the host's settings from host.json: at most
/// <c>extensions.blobs.maxDegreeOfParallelism</c> videos at once, a failing invocation retried until
/// <c>poisonBlobThreshold</c>, then set aside as the poison queue would. One instance: Azure scales out to many.
/// </summary>
internal sealed partial class LocalFunctionHost : IAsyncDisposable
{
    private readonly string workspace;
    private readonly DevServers servers;
    private readonly ServiceProvider services;
    private readonly Channel<UploadedBlob> events = Channel.CreateUnbounded<UploadedBlob>();
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> workers = [];
    private readonly List<string> poisoned = [];
    private readonly ILogger logger;

    private LocalFunctionHost(string workspace, DevServers servers, ServiceProvider services, HostSettings host)
    {
        this.workspace = workspace;
        this.servers = servers;
        this.services = services;
        Host = host;
        logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Classroom.Workload.LocalHost");
    }

    /// <summary>The host.json settings the dispatch follows.</summary>
    public HostSettings Host { get; }

    /// <summary>The app's settings as the job sees them (the servers' connection strings, the containers' names).</summary>
    public IConfiguration Configuration => services.GetRequiredService<IConfiguration>();

    public BlobServiceClient Blobs => services.GetRequiredService<BlobServiceClient>();

    public ClassroomCloudOptions Names => services.GetRequiredService<IOptions<ClassroomCloudOptions>>().Value;

    /// <summary>Videos whose invocations failed <see cref="HostSettings.PoisonBlobThreshold"/> times, with the last reason.</summary>
    public IReadOnlyList<string> Poisoned
    {
        get
        {
            lock (poisoned)
            {
                return [.. poisoned];
            }
        }
    }

    /// <summary>host.json's blob-trigger settings (defaults: the extension's, 8 per core and 5).</summary>
    internal sealed record HostSettings(int MaxDegreeOfParallelism, int PoisonBlobThreshold)
    {
        public static HostSettings Read(string hostJson)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(hostJson), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            var blobs = document.RootElement.TryGetProperty("extensions", out var e) && e.TryGetProperty("blobs", out var b) ? b : default;
            int Setting(string name, int fallback) =>
                blobs.ValueKind == JsonValueKind.Object && blobs.TryGetProperty(name, out var v) && v.TryGetInt32(out var n) && n > 0 ? n : fallback;
            return new HostSettings(Setting("maxDegreeOfParallelism", 8 * Environment.ProcessorCount), Setting("poisonBlobThreshold", 5));
        }
    }

    /// <summary>Starts the servers, seeds them, builds the job and starts the dispatch.</summary>
    public static async Task<LocalFunctionHost> StartAsync(
        string repositoryRoot, IReadOnlyCollection<KnownFace> faces, IReadOnlyCollection<StudentRecord> students, CancellationToken cancellationToken)
    {
        var host = HostSettings.Read(Path.Combine(repositoryRoot, "host.json"));
        var workspace = Directory.CreateTempSubdirectory("classroom-workload-").FullName;
        DevServers? servers = null;
        ServiceProvider? services = null;
        try
        {
            servers = DevServers.Start(repositoryRoot, workspace);
            var configuration = CliHost.Configuration(new Dictionary<string, string?>
            {
                [ClassroomCloudOptions.StorageConnectionName] = servers.StorageConnectionString,
                [CosmosOptions.SectionName + ":ConnectionString"] = servers.CosmosConnectionString,
            });
            var collection = new ServiceCollection();
            collection.AddSingleton(configuration);
            collection.AddLogging(b => CliHost.AddLogging(b, configuration));
            collection.AddClassroomVideoJob(configuration);
            services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
            var started = new LocalFunctionHost(workspace, servers, services, host);
            await started.SeedAsync(faces, students, cancellationToken).ConfigureAwait(false);
            // The job's downloads go inside the workspace, deleted with it.
            services.GetRequiredService<VideoBlobJob>().TempDirectory = Directory.CreateDirectory(Path.Combine(workspace, "tmp")).FullName;
            for (var i = 0; i < host.MaxDegreeOfParallelism; i++)
            {
                started.workers.Add(Task.Run(started.DispatchAsync, CancellationToken.None));
            }

            return started;
        }
        catch
        {
            if (services is not null)
            {
                await services.DisposeAsync().ConfigureAwait(false);
            }

            servers?.Dispose();
            Directory.Delete(workspace, recursive: true);
            throw;
        }
    }

    /// <summary>Called when an invocation failed <see cref="HostSettings.PoisonBlobThreshold"/> times and the video is set aside.</summary>
    public Action<UploadedBlob>? OnPoisoned { get; set; }

    /// <summary>The event Event Grid would deliver for a new blob.</summary>
    public void Notify(UploadedBlob blob) => events.Writer.TryWrite(blob);

    public async ValueTask DisposeAsync()
    {
        events.Writer.TryComplete();
        await stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            // Whatever a worker ended with, the servers and the workspace go: no node process outlives the CLI.
            stopping.Dispose();
            await services.DisposeAsync().ConfigureAwait(false);
            servers.Dispose();
            Directory.Delete(workspace, recursive: true);
        }
    }

    private async Task SeedAsync(IReadOnlyCollection<KnownFace> faces, IReadOnlyCollection<StudentRecord> students, CancellationToken cancellationToken)
    {
        var names = Names;
        await RosterPush.PushAsync(Blobs.GetBlobContainerClient(names.RosterContainer).GetBlobClient(names.RosterBlob), faces, cancellationToken).ConfigureAwait(false);
        if (students.Count > 0)
        {
            await StudentSeeder.PushAsync(services.GetRequiredService<CosmosClient>(), services.GetRequiredService<IOptions<CosmosOptions>>().Value, students, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync()
    {
        var job = services.GetRequiredService<VideoBlobJob>();
        try
        {
            await foreach (var blob in events.Reader.ReadAllAsync(stopping.Token).ConfigureAwait(false))
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await job.RunAsync(blob.Blob, $"workload-{Guid.NewGuid():N}", stopping.Token).ConfigureAwait(false);
                        break;
                    }
                    catch (Exception e) when (!stopping.IsCancellationRequested)
                    {
                        // Any failure, a Cosmos DB timeout (an OperationCanceledException) included, is retried as the host retries.
                        LogAttemptFailed(logger, blob.Blob.Name, attempt, e.Message);
                        if (attempt >= Host.PoisonBlobThreshold)
                        {
                            lock (poisoned)
                            {
                                poisoned.Add($"{blob.Blob.Name}: {e.Message}");
                            }

                            OnPoisoned?.Invoke(blob);
                            break;
                        }

                        await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), stopping.Token).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Video {Video}: invocation {Attempt} failed: {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, string video, int attempt, string reason);
}
