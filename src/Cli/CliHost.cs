using Classroom.Recognition.Hosting;
using Classroom.Recognition.Video;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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

    public static ServiceProvider Services(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
        services.AddFaceEngine(configuration);
        services.AddOptions<VideoOptions>().Bind(configuration.GetSection(VideoOptions.SectionName));
        services.AddSingleton<IVideoFrameSource, FFmpegFrameSource>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
