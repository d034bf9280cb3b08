using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Classroom.Cloud;
using Classroom.Cloud.Cosmos;
using Classroom.Cloud.Storage;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;

namespace Classroom.Cli.Commands;

/// <summary>
/// What the cloud commands (<c>students push</c>, <c>faces push</c>, <c>upload</c>) share: the function app's
/// settings (docs/settings.md) from the environment, over the Values of the <c>local.settings.json</c> that
/// <c>func start</c> reads (<see cref="LocalSettingsFile"/>), and clients built by the same code as the app's.
/// </summary>
internal static class CloudCli
{
    public static IConfiguration Configuration()
    {
        var local = new Dictionary<string, string?>();
        if (LocalSettingsFile(Directory.GetCurrentDirectory()) is { } path)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.TryGetProperty("Values", out var values))
            {
                foreach (var value in values.EnumerateObject())
                {
                    local[value.Name.Replace("__", ":", StringComparison.Ordinal)] = value.Value.ToString();
                }
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(local).AddConfiguration(CliHost.Configuration()).Build();
    }

    /// <summary>
    /// The current folder's <c>local.settings.json</c> (run from the function project), else the function project's
    /// (<c>src/FunctionApp/local.settings.json</c>, run from the repository root); null when neither exists.
    /// </summary>
    public static string? LocalSettingsFile(string folder) =>
        new[] { Path.Combine(folder, "local.settings.json"), Path.Combine(folder, "src", "FunctionApp", "local.settings.json") }.FirstOrDefault(File.Exists);

    public static ClassroomCloudOptions Names(IConfiguration configuration) =>
        configuration.GetSection(ClassroomCloudOptions.SectionName).Get<ClassroomCloudOptions>() ?? new ClassroomCloudOptions();

    /// <summary>
    /// The storage client; against a loopback endpoint (Azurite) it retries twice, quickly, instead of the SDK's
    /// five times with back-off: a local server that is not started should say so at once, not after ~20 s.
    /// </summary>
    public static BlobServiceClient Blobs(IConfiguration configuration)
    {
        var options = new BlobClientOptions();
        var client = StorageConnection.CreateBlobServiceClient(configuration, AzureCredentials.Create(configuration), options);
        if (!Loopback.IsLoopback(client.Uri))
        {
            return client;
        }

        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        return StorageConnection.CreateBlobServiceClient(configuration, AzureCredentials.Create(configuration), options);
    }

    public static (CosmosClient Client, CosmosOptions Options) Cosmos(IConfiguration configuration)
    {
        var options = configuration.GetSection(CosmosOptions.SectionName).Get<CosmosOptions>() ?? new CosmosOptions();
        return (CosmosClients.Create(options, AzureCredentials.Create(configuration)), options);
    }

    /// <summary>
    /// Runs a cloud action; a failure of the service or of the settings is one readable line (<see cref="CliErrors"/>):
    /// exit 2 when nothing answers (with what to start) or a setting is wrong, 1 when the service answered with a failure.
    /// </summary>
    public static async Task<int> RunAsync(string command, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is RequestFailedException or CosmosException or HttpRequestException or InvalidOperationException
                                       or ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException
                                       or AggregateException or TimeoutException or Azure.Identity.AuthenticationFailedException)
        {
            var (exit, message) = e is CosmosException cosmos && CliErrors.Unreachable(e) is null
                ? (1, $"Cosmos DB answered {(int)cosmos.StatusCode} {cosmos.StatusCode}")
                : CliErrors.Describe(e);
            await Console.Error.WriteLineAsync($"classroom {command}: {message}").ConfigureAwait(false);
            if (CliInvocation.IsVerbose)
            {
                await Console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }

            return exit;
        }
    }
}
