using System.Net;
using Microsoft.Azure.Cosmos;

namespace Classroom.Cloud.Cosmos;

/// <summary>
/// Erasing a student's record from Cosmos DB (<c>./classroom students forget NAME --cloud</c>): a point delete of
/// the document whose id (and partition key) is the name. Cosmos DB keeps no deleted documents; its backups (the
/// account's periodic backup: by default every 4 hours, the last two kept) age the record out.
/// </summary>
public static class StudentErasure
{
    /// <summary>Deletes the record; false when there is none (a name that cannot be an id has none).</summary>
    public static async Task<bool> RemoveAsync(CosmosClient client, CosmosOptions options, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        if (!StudentDocument.IsValidId(name))
        {
            return false;
        }

        try
        {
            using var response = await client.GetContainer(options.Database, options.Container)
                .DeleteItemStreamAsync(name, new PartitionKey(name), cancellationToken: cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return false; // no such document, or (sub-status 1003) no such container/database: nothing stored either way
            }

            response.EnsureSuccessStatusCode();
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
