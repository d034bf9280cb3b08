using System.Collections.Concurrent;
using Classroom.Cloud.Jobs;
using Classroom.FunctionApp;
using Classroom.FunctionApp.Tests;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Azure.WebJobs.Host.Config;
using Microsoft.Azure.WebJobs.Host.Executors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Classroom.HostConformance.Tests;

/// <summary>
/// A WebJobs SDK host with the Storage Blobs extension (the package the Functions host loads for the app's blob
/// trigger) running <see cref="Host.Functions.ProcessVideo"/>, its webhook served on a loopback port. Settings as the
/// Functions host passes them: the app settings at the configuration root, host.json under
/// <c>AzureFunctionsJobHost</c> (where the extension binds <c>extensions:blobs</c> from). Everything it starts stops
/// on dispose: the listener, the host, the job's temp folder.
/// </summary>
public sealed class ConformanceHost : IAsyncDisposable
{
    /// <summary>The prefix under which the Functions host exposes host.json to extensions.</summary>
    public const string HostJsonSection = "AzureFunctionsJobHost";

    /// <summary>The function's name as the Functions host and the WebJobs SDK both derive it (namespace Host, class Functions).</summary>
    public const string FunctionName = "Host.Functions.ProcessVideo";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly IHost host;

    private ConformanceHost(IHost host, LoopbackWebHooks webhooks, InvocationProbe probe, HostLog log, string hostId, string tempDirectory)
    {
        this.host = host;
        WebHooks = webhooks;
        Probe = probe;
        Log = log;
        HostId = hostId;
        TempDirectory = tempDirectory;
    }

    public LoopbackWebHooks WebHooks { get; }

    public InvocationProbe Probe { get; }

    public HostLog Log { get; }

    public string HostId { get; }

    public string TempDirectory { get; }

    /// <summary>The webhook Event Grid (and <c>classroom upload --notify</c>) posts to for ProcessVideo.</summary>
    public Uri Webhook => WebHooks.BlobsWebhook(FunctionName);

    /// <summary>The blobs options the extension resolved (host.json's <c>extensions.blobs</c> and any override).</summary>
    public BlobsOptions BlobsOptions => host.Services.GetRequiredService<IOptions<BlobsOptions>>().Value;

    /// <summary>
    /// Starts the host with the app's settings (<paramref name="appSettings"/>: the function app's keys, <c>AzureWebJobsStorage</c>
    /// included), the repository's host.json, and <paramref name="hostJsonOverrides"/> (keys relative to host.json's root,
    /// e.g. <c>extensions:blobs:poisonBlobThreshold</c>).
    /// </summary>
    public static async Task<ConformanceHost> StartAsync(IConfiguration appSettings, IReadOnlyDictionary<string, string?>? hostJsonOverrides = null)
    {
        ArgumentNullException.ThrowIfNull(appSettings);
        var values = appSettings.AsEnumerable().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value);
        // As the Functions host's SetAzureFunctionsConfigurationRoot: the WebJobs SDK and its extensions read their options
        // (extensions:blobs, …) from the section this setting names, and host.json is loaded under it.
        values["AzureWebJobsConfigurationSection"] = HostJsonSection;
        foreach (var (key, value) in HostJson())
        {
            values[$"{HostJsonSection}:{key}"] = value;
        }

        foreach (var (key, value) in hostJsonOverrides ?? new Dictionary<string, string?>())
        {
            values[$"{HostJsonSection}:{key}"] = value;
        }

        // A host id of its own: the extension's internal queue is azure-webjobs-blobtrigger-{host id}, so hosts never share it.
        var hostId = "conformance-" + Guid.NewGuid().ToString("N")[..20];
        var webhooks = new LoopbackWebHooks(NodeServer.FreePort());
        var probe = new InvocationProbe();
        var log = new HostLog();
        var temp = Directory.CreateTempSubdirectory("classroom-conformance-job-").FullName;
        var built = new HostBuilder()
            .ConfigureWebJobs(webJobs => webJobs.AddAzureStorageBlobs())
            // After ConfigureWebJobs' own sources (appsettings.json, environment), so these settings are the ones in force.
            .ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(values))
            .ConfigureLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Information).AddProvider(log))
            .ConfigureServices((context, services) =>
            {
                services.AddClassroomFunctionServices(context.Configuration);
                services.AddSingleton(probe);
#pragma warning disable CS0618 // see LoopbackWebHooks
                services.AddSingleton<IWebHookProvider>(webhooks);
#pragma warning restore CS0618
                services.AddSingleton<ITypeLocator>(new OnlyTypes(typeof(Host.Functions)));
                services.AddSingleton<IHostIdProvider>(new FixedHostId(hostId));
            })
            .Build();
        try
        {
            built.Services.GetRequiredService<VideoBlobJob>().TempDirectory = temp;
            using (var timeout = new CancellationTokenSource(StartTimeout))
            {
                await built.StartAsync(timeout.Token);
            }

            if (!webhooks.Names.Contains("blobs"))
            {
                throw new InvalidOperationException($"the blobs extension asked for no webhook (asked: {string.Join(", ", webhooks.Names)})");
            }

            webhooks.Start();
            return new ConformanceHost(built, webhooks, probe, log, hostId, temp);
        }
        catch
        {
            await webhooks.DisposeAsync();
            built.Dispose();
            Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    /// <summary>The repository's host.json as configuration keys (<c>extensions:blobs:maxDegreeOfParallelism</c> = 4, …).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> HostJson() =>
        new ConfigurationBuilder().AddJsonFile(Path.Combine(RepoPaths.Root, "host.json"), optional: false).Build()
            .AsEnumerable().Where(p => p.Value is not null);

    public async ValueTask DisposeAsync()
    {
        await WebHooks.DisposeAsync();
        using (var timeout = new CancellationTokenSource(StopTimeout))
        {
            await host.StopAsync(timeout.Token);
        }

        host.Dispose();
        Directory.Delete(TempDirectory, recursive: true);
    }

    private sealed class OnlyTypes(params Type[] types) : ITypeLocator
    {
        public IReadOnlyList<Type> GetTypes() => types;
    }

    private sealed class FixedHostId(string id) : IHostIdProvider
    {
        public Task<string> GetHostIdAsync(CancellationToken cancellationToken) => Task.FromResult(id);
    }
}

/// <summary>The host's log lines (Information and up), kept for assertions and failure messages.</summary>
public sealed class HostLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => [.. lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");
        }
    }
}
