using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace Classroom.Cloud;

/// <summary>The one credential the product uses for Azure: DefaultAzureCredential, pinned to a user-assigned identity when configured.</summary>
public static class AzureCredentials
{
    /// <summary>The user-assigned managed identity's client id (docs/settings.md).</summary>
    public const string ClientIdSetting = "AZURE_CLIENT_ID";

    /// <summary>
    /// In Azure the app's UAMI (its client id from <c>AZURE_CLIENT_ID</c> or the storage connection's <c>clientId</c>);
    /// on a developer's machine the Azure CLI / Visual Studio sign-in that DefaultAzureCredential finds.
    /// </summary>
    public static TokenCredential Create(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var clientId = configuration[ClientIdSetting];
        if (string.IsNullOrWhiteSpace(clientId))
        {
            clientId = configuration[$"{ClassroomCloudOptions.StorageConnectionName}:clientId"];
        }

        var options = new DefaultAzureCredentialOptions();
        if (!string.IsNullOrWhiteSpace(clientId))
        {
            options.ManagedIdentityClientId = clientId;
        }

        return new DefaultAzureCredential(options);
    }
}
