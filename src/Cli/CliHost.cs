using Classroom.Recognition.Hosting;
using Classroom.Recognition.Models;
using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Video;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Classroom.Cli;

/// <summary>
/// The CLI's configuration and services: settings from an optional <c>classroom.json</c> in the current folder, then
/// environment variables (<c>Classroom__Faces__Detector=Tiny</c>; names in docs/settings.md), then the command's overrides.
/// </summary>
internal static class CliHost
{
    public static IConfiguration Configuration(IEnumerable<KeyValuePair<string, string?>>? overrides = null) =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "classroom.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? [])
            .Build();

    /// <summary>Logs of the commands that need no services (the local store's notices); flushed by <see cref="FlushLogs"/> at exit.</summary>
    private static readonly Lazy<ILoggerFactory> Logs = new(() => LoggerFactory.Create(b => AddLogging(b, Configuration())));

    /// <summary>The local store as configured (setting Classroom:LocalStore:DataDirectory, or --data).</summary>
    public static SqliteRoster LocalRoster(string? data)
    {
        var options = new LocalStoreOptions();
        Configuration(Commands.CliOptions.Overrides(data)).GetSection(LocalStoreOptions.SectionName).Bind(options);
        return new SqliteRoster(Microsoft.Extensions.Options.Options.Create(options), Logs.Value.CreateLogger<SqliteRoster>());
    }

    /// <summary>Writes out what <see cref="LocalRoster"/>'s logs still queue (the console logger writes on its own thread).</summary>
    public static void FlushLogs()
    {
        if (Logs.IsValueCreated)
        {
            Logs.Value.Dispose();
        }
    }

    /// <summary>
    /// The CLI's logging, for every command: to stderr, warnings only, unless Logging:LogLevel:Default says otherwise
    /// (e.g. Logging__LogLevel__Default=Debug shows each face track's verdict).
    /// </summary>
    internal static void AddLogging(ILoggingBuilder logging, IConfiguration configuration)
    {
        var level = Enum.TryParse<LogLevel>(configuration["Logging:LogLevel:Default"], ignoreCase: true, out var configured) ? configured : LogLevel.Warning;
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(level);
        // The Azure SDK logs every 404/409 it expects (a result not written yet, a container that exists) as a warning.
        if (configuration["Logging:LogLevel:Azure"] is null)
        {
            logging.AddFilter("Azure", LogLevel.Error);
        }
    }

    /// <summary>
    /// Checks the settings of every section the pipeline reads, once, before any work: the first bad one as one line
    /// (its key, the rule, the value given), or null when all are good.
    /// </summary>
    public static string? SettingsError(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IOptions<MatchingOptions>>().Value.Validate();
            services.GetRequiredService<IOptions<FaceSearchOptions>>().Value.Validate();
            services.GetRequiredService<IOptions<VideoOptions>>().Value.Validate();
            services.GetRequiredService<IOptions<LimitsOptions>>().Value.Validate();
            _ = services.GetRequiredService<IOptions<FaceModelOptions>>().Value; // its validator runs on first use
            return null;
        }
        catch (Exception e) when (Commands.CliOptions.SettingError(e) is { } error)
        {
            return error;
        }
    }

    /// <summary>
    /// The face engine, the pipeline and the roster: <paramref name="faces"/>/<paramref name="students"/> when given
    /// (files read once into memory), the local SQLite store otherwise.
    /// </summary>
    public static ServiceProvider Services(IConfiguration configuration, IKnownFaceStore? faces = null, IStudentRecords? students = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(b => AddLogging(b, configuration));
        services.AddFaceEngine(configuration);
        if (faces is not null)
        {
            services.AddSingleton(faces);
        }

        if (students is not null)
        {
            services.AddSingleton(students);
        }

        services.AddClassroomRecognition(configuration);
        services.AddLocalRoster(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
