using Classroom.Recognition.Roster;
using Microsoft.Azure.Cosmos;

namespace Classroom.Cloud.Cosmos;

/// <summary>
/// Upserts student records (what <c>./classroom students push</c> does). With key auth (a local emulator) it
/// first creates the database and container; in Azure Bicep creates them, since data-plane RBAC cannot.
/// </summary>
public static class StudentSeeder
{
    public static async Task<int> PushAsync(CosmosClient client, CosmosOptions options, IReadOnlyCollection<StudentRecord> students, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(students);
        var invalid = students.Where(s => !StudentDocument.IsValidId(s.Name)).Select(s => $"'{s.Name}'").ToList();
        if (invalid.Count > 0)
        {
            throw new ArgumentException($"Student names must be non-empty, at most 255 characters, without / \\ ? #: {string.Join(", ", invalid)}", nameof(students));
        }

        var container = options.UsesKey
            ? await CreateIfMissingAsync(client, options, cancellationToken)
            : client.GetContainer(options.Database, options.Container);

        await Parallel.ForEachAsync(
            students,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (student, ct) =>
            {
                var document = StudentDocument.From(student);
                await container.UpsertItemAsync(document, new PartitionKey(document.Id), cancellationToken: ct);
            });
        return students.Count;
    }

    private static async Task<Container> CreateIfMissingAsync(CosmosClient client, CosmosOptions options, CancellationToken cancellationToken)
    {
        Database database = await client.CreateDatabaseIfNotExistsAsync(options.Database, cancellationToken: cancellationToken);
        Container container = await database.CreateContainerIfNotExistsAsync(new ContainerProperties(options.Container, "/id"), cancellationToken: cancellationToken);
        return container;
    }
}
