using System.Reflection;
using Azure.Storage.Blobs;
using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Roster;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Cosmos;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Classroom.FunctionApp.Tests;

/// <summary>The app's registrations, fed local.settings.sample.json, resolve everything the host will ask for.</summary>
public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task Every_function_class_resolves_from_the_sample_settings()
    {
        var configuration = LocalSettings.Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration); // as the Functions host does
        services.AddLogging();
        services.AddClassroomFunctionServices(configuration);
        services.AddClassroomTelemetry(configuration);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var functionClasses = typeof(ProcessVideo).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
            .ToList();
        Assert.Equal([typeof(ProcessVideo)], functionClasses);
        foreach (var type in functionClasses)
        {
            // The worker creates function classes with ActivatorUtilities from the app's container.
            Assert.NotNull(ActivatorUtilities.CreateInstance(provider, type));
        }

        Assert.IsType<Classroom.Cloud.Cosmos.CosmosStudentRecords>(provider.GetRequiredService<IStudentRecords>());
        Assert.IsType<Classroom.Cloud.Storage.BlobKnownFaceStore>(provider.GetRequiredService<IKnownFaceStore>());
        Assert.NotNull(provider.GetRequiredService<IVideoProcessor>());
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), provider.GetRequiredService<BlobServiceClient>().Uri);
        Assert.Equal(new Uri("https://127.0.0.1:3000/"), provider.GetRequiredService<CosmosClient>().Endpoint);
        Assert.Same(provider.GetRequiredService<CosmosClient>(), provider.GetRequiredService<CosmosClient>());
    }

    [Fact]
    public async Task Azure_settings_use_identity_endpoints_and_entra_telemetry()
    {
        var configuration = LocalSettings.Build(new Dictionary<string, string?>
        {
            ["ClassroomStorage"] = null,
            ["ClassroomStorage__blobServiceUri"] = "https://acct.blob.core.windows.net",
            ["ClassroomStorage__credential"] = "managedidentity",
            ["ClassroomStorage__clientId"] = "00000000-0000-0000-0000-000000000001",
            ["Classroom__Cosmos__ConnectionString"] = null,
            ["Classroom__Cosmos__AccountEndpoint"] = "https://acct.documents.azure.com:443/",
            ["AZURE_CLIENT_ID"] = "00000000-0000-0000-0000-000000000001",
            ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "Authorization=AAD;ClientId=00000000-0000-0000-0000-000000000001",
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000002;IngestionEndpoint=https://example.invalid/",
        });
        var services = new ServiceCollection();
        services.AddSingleton(configuration); // as the Functions host does
        services.AddLogging();
        services.AddClassroomFunctionServices(configuration);
        services.AddClassroomTelemetry(configuration);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.Equal(new Uri("https://acct.blob.core.windows.net/"), provider.GetRequiredService<BlobServiceClient>().Uri);
        Assert.Equal(new Uri("https://acct.documents.azure.com:443/"), provider.GetRequiredService<CosmosClient>().Endpoint);
        Assert.NotNull(provider.GetRequiredService<IOptions<TelemetryConfiguration>>().Value);
        Assert.NotNull(provider.GetRequiredService<ILogger<ProcessVideo>>());
    }
}
