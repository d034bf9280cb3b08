using Azure.Core;
using Azure.Storage.Blobs;
using Classroom.Cloud.Cosmos;
using Classroom.Cloud.Storage;
using Classroom.Recognition.Roster;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Classroom.Cloud;

/// <summary>Registers the Azure side of the product: options, credential, BlobServiceClient, CosmosClient and the stores.</summary>
public static class CloudServiceCollectionExtensions
{
    /// <summary>
    /// Options bound by section; one <see cref="TokenCredential"/>; a <see cref="BlobServiceClient"/> from the
    /// <c>ClassroomStorage</c> connection (Microsoft.Extensions.Azure); a singleton <see cref="CosmosClient"/>;
    /// <see cref="IStudentRecords"/> on Cosmos DB and <see cref="IKnownFaceStore"/> on the roster blob.
    /// </summary>
    public static IServiceCollection AddClassroomCloud(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ClassroomCloudOptions>().Bind(configuration.GetSection(ClassroomCloudOptions.SectionName));
        services.AddOptions<CosmosOptions>().Bind(configuration.GetSection(CosmosOptions.SectionName));

        var credential = AzureCredentials.Create(configuration);
        services.TryAddSingleton(credential);
        services.AddAzureClients(clients =>
        {
            clients.UseCredential(credential);
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, cred, _) =>
                StorageConnection.CreateBlobServiceClient(configuration, cred, options));
        });

        services.TryAddSingleton(sp => CosmosClients.Create(sp.GetRequiredService<IOptions<CosmosOptions>>().Value, sp.GetRequiredService<TokenCredential>()));
        services.TryAddSingleton<IStudentRecords>(sp =>
            new CosmosStudentRecords(sp.GetRequiredService<CosmosClient>(), sp.GetRequiredService<IOptions<CosmosOptions>>().Value));
        services.TryAddSingleton(BlobKnownFaceStore.Formats);
        services.TryAddSingleton<IKnownFaceStore>(sp =>
        {
            var names = sp.GetRequiredService<IOptions<ClassroomCloudOptions>>().Value;
            var blob = sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(names.RosterContainer).GetBlobClient(names.RosterBlob);
            return new BlobKnownFaceStore(blob, sp.GetRequiredService<KnownFacesParser>(), sp.GetRequiredService<ILogger<BlobKnownFaceStore>>());
        });
        return services;
    }
}
