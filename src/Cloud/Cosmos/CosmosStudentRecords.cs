using System.Net;
using Classroom.Recognition.Roster;
using Microsoft.Azure.Cosmos;

namespace Classroom.Cloud.Cosmos;

/// <summary>
/// Student records in Cosmos DB NoSQL: one point read (1 RU) per lookup, never a query. A missing student
/// is null; throttling (429), unavailability (503) and timeouts propagate so the host retries.
/// </summary>
public sealed class CosmosStudentRecords(Container container) : IStudentRecords
{
    public CosmosStudentRecords(CosmosClient client, CosmosOptions options)
        : this((client ?? throw new ArgumentNullException(nameof(client))).GetContainer(options?.Database, options?.Container))
    {
    }

    public async ValueTask<StudentRecord?> FindAsync(string name, CancellationToken cancellationToken)
    {
        if (!StudentDocument.IsValidId(name))
        {
            return null; // no document can have this id
        }

        try
        {
            var response = await container.ReadItemAsync<StudentDocument>(name, new PartitionKey(name), cancellationToken: cancellationToken);
            return response.Resource.ToRecord();
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound && e.SubStatusCode == 0)
        {
            return null;
        }
    }
}
