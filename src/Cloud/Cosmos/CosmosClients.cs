using System.Data.Common;
using System.Net.Security;
using System.Text.Json;
using Azure.Core;
using Microsoft.Azure.Cosmos;

namespace Classroom.Cloud.Cosmos;

/// <summary>
/// Creates the one CosmosClient an instance uses. Azure: the account endpoint with Microsoft Entra ID auth
/// (the account has local auth disabled). Local: a connection string (key auth); a loopback emulator or
/// <c>@zeit/cosmosdb-server</c> additionally gets gateway mode and acceptance of its self-signed certificate.
/// </summary>
public static class CosmosClients
{
    /// <summary>Documents are camelCase JSON (<c>id</c>, <c>name</c>, <c>major</c>, <c>year</c>, <c>studentId</c>).</summary>
    internal static readonly JsonSerializerOptions DocumentJson = new(JsonSerializerDefaults.Web);

    public static CosmosClient Create(CosmosOptions options, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "classroom",
            UseSystemTextJsonSerializerWithOptions = DocumentJson,
        };

        if (options.UsesKey)
        {
            var endpoint = EndpointOf(options.ConnectionString!);
            if (Loopback.IsLoopback(endpoint))
            {
                // Emulators serve a self-signed certificate and only the gateway protocol on one address.
                clientOptions.ConnectionMode = ConnectionMode.Gateway;
                clientOptions.LimitToEndpoint = true;
                clientOptions.HttpClientFactory = () => new HttpClient(new HttpClientHandler
                {
                    ServerCertificateCustomValidationCallback = (request, _, _, errors) =>
                        errors == SslPolicyErrors.None || Loopback.IsLoopback(request.RequestUri),
                });
            }

            return new CosmosClient(options.ConnectionString, clientOptions);
        }

        if (string.IsNullOrWhiteSpace(options.AccountEndpoint))
        {
            throw new InvalidOperationException(
                "Cosmos DB is not configured: set Classroom__Cosmos__AccountEndpoint (Azure, identity auth) " +
                "or Classroom__Cosmos__ConnectionString (local emulator).");
        }

        return new CosmosClient(options.AccountEndpoint, credential, clientOptions);
    }

    /// <summary>The AccountEndpoint of a Cosmos connection string.</summary>
    public static Uri EndpointOf(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return builder.TryGetValue("AccountEndpoint", out var value) && Uri.TryCreate(value?.ToString(), UriKind.Absolute, out var uri)
            ? uri
            : throw new FormatException("The Cosmos connection string has no valid AccountEndpoint.");
    }
}
