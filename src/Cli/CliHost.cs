using Classroom.Recognition.Hosting;
using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Roster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
    /// Checks the settings of every section the pipeline reads, once, before any work (the sections' validators, as a host
    /// runs them at start): the first bad one as one line (its key, the rule, the value given), or null when all are good.
    /// </summary>
    public static string? SettingsError(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return null;
        }
        catch (Exception e) when (Commands.CliOptions.SettingError(e is AggregateException all ? all.InnerExceptions[0] : e) is { } error)
        {
            return error;
        }
    }

    /// <summary>
    /// The face engine, the pipeline and the roster: <paramref name="faces"/>/<paramref name="students"/> when given
    /// (files read once into memory), the local SQLite store otherwise.
    /// </summary>
    /// <remarks><paramref name="replace"/> runs last and replaces registrations (the demo's second roster, the bench's variants).</remarks>
    public static ServiceProvider Services(IConfiguration configuration, IKnownFaceStore? faces = null, IStudentRecords? students = null,
        Action<IServiceCollection>? replace = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(b => AddLogging(b, configuration));
        services.AddFaceEngine(configuration);
        services.AddClassroomRecognition(configuration);
        // The local store is always registered (enrolment and erasure use it); files given on the command line are the roster.
        services.AddLocalRoster(configuration);
        if (faces is not null)
        {
            services.Replace(ServiceDescriptor.Singleton(faces));
        }

        if (students is not null)
        {
            services.Replace(ServiceDescriptor.Singleton(students));
        }

        replace?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
