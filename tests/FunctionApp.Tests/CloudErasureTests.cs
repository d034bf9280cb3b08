using System.Runtime.InteropServices;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Classroom.Cloud;
using Classroom.Cloud.Cosmos;
using Classroom.Cloud.Storage;
using Classroom.Recognition.Roster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Classroom.FunctionApp.Tests;

/// <summary>
/// Erasing a student in the cloud (<c>students forget NAME --cloud</c>) against Azurite and the Cosmos DB server:
/// the Cosmos item is deleted, the roster blob is rewritten without the person's faces (never losing a push made
/// meanwhile), and its older copies are purged. Azurite has no blob versions and no soft delete: snapshots stand
/// for the older copies here; versions and soft-deleted copies are Azure's alone.
/// </summary>
[Collection(EmulatorGroup.Name)]
public sealed class CloudErasureTests(Emulators emulators)
{
    private const string Person = "zelda_quintana_x7";

    private static KnownFace Face(string name, int seed) => new(name, [.. Enumerable.Range(0, 128).Select(i => (float)Math.Cos((seed * 131) + i))]);

    [Fact]
    public async Task The_record_leaves_cosmos_and_the_faces_leave_the_roster_blob_and_purging_removes_its_older_copies()
    {
        var configuration = emulators.Configuration();
        using var client = Emulators.CosmosClient(configuration);
        var options = Cosmos(configuration);
        await StudentSeeder.PushAsync(client, options, [new(Person, "chemistry", "junior", 1), new("bob", "math", "senior", 2)], CancellationToken.None);
        var roster = await RosterWithAsync(configuration, [Face(Person, 1), Face(Person, 2), Face("bob", 3)]);
        await roster.CreateSnapshotAsync(); // older copies, as soft delete keeps on every overwrite in Azure
        await roster.CreateSnapshotAsync();

        Assert.True(await StudentErasure.RemoveAsync(client, options, Person, CancellationToken.None));
        Assert.False(await StudentErasure.RemoveAsync(client, options, Person, CancellationToken.None));
        var records = new CosmosStudentRecords(client, options);
        Assert.Null(await records.FindAsync(Person, CancellationToken.None));
        Assert.NotNull(await records.FindAsync("bob", CancellationToken.None));

        var removal = await RosterBlobErasure.RemovePersonAsync(roster, Person, CancellationToken.None);

        Assert.Equal(new RosterRemoval(BlobFound: true, FacesRemoved: 2, FacesLeft: 1, PeopleLeft: 1), removal);
        var content = (await roster.DownloadContentAsync()).Value.Content.ToArray();
        Assert.False(HasTrace(content, Face(Person, 1)) || HasTrace(content, Face(Person, 2)));
        Assert.Equal("application/json", (await roster.GetPropertiesAsync()).Value.ContentType);
        using (var store = new BlobKnownFaceStore(roster, BlobKnownFaceStore.Formats, NullLogger<BlobKnownFaceStore>.Instance))
        {
            Assert.Equal(["bob"], (await store.GetAllAsync(CancellationToken.None)).Select(f => f.Name));
        }

        var copies = await RosterBlobErasure.OlderCopiesAsync(roster, CancellationToken.None);
        Assert.Equal(2, copies.Count);
        var snapshot = (await roster.WithSnapshot(copies[0].Snapshot).DownloadContentAsync()).Value.Content.ToArray();
        Assert.True(HasTrace(snapshot, Face(Person, 1)), "an older copy still holds the person");

        Assert.Equal(new OlderCopiesPurge(Deleted: 2, AwaitingExpiry: 0), await RosterBlobErasure.PurgeOlderCopiesAsync(roster, CancellationToken.None));
        Assert.Empty(await RosterBlobErasure.OlderCopiesAsync(roster, CancellationToken.None));
        Assert.True(await roster.ExistsAsync());
    }

    [Fact]
    public async Task Forgetting_the_last_person_deletes_the_roster_blob_so_the_function_says_it_is_missing()
    {
        var configuration = emulators.Configuration();
        var roster = await RosterWithAsync(configuration, [Face(Person, 1)]);
        await roster.CreateSnapshotAsync();

        var removal = await RosterBlobErasure.RemovePersonAsync(roster, Person, CancellationToken.None);

        Assert.True(removal.BlobDeleted);
        Assert.False(await roster.ExistsAsync());
        Assert.Empty(await RosterBlobErasure.OlderCopiesAsync(roster, CancellationToken.None)); // its snapshots went with it
        using var store = new BlobKnownFaceStore(roster, BlobKnownFaceStore.Formats, NullLogger<BlobKnownFaceStore>.Instance);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetAllAsync(CancellationToken.None).AsTask());
        Assert.Contains("classroom faces push", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nobody_to_forget_changes_nothing()
    {
        var configuration = emulators.Configuration();
        var missing = Roster(configuration);
        Assert.Equal(new RosterRemoval(false, 0, 0, 0), await RosterBlobErasure.RemovePersonAsync(missing, Person, CancellationToken.None));
        Assert.Empty(await RosterBlobErasure.OlderCopiesAsync(missing, CancellationToken.None));

        var roster = await RosterWithAsync(configuration, [Face("bob", 3)]);
        var etag = (await roster.GetPropertiesAsync()).Value.ETag;
        Assert.Equal(new RosterRemoval(true, 0, 1, 1), await RosterBlobErasure.RemovePersonAsync(roster, Person, CancellationToken.None));
        Assert.Equal(etag, (await roster.GetPropertiesAsync()).Value.ETag); // not rewritten

        using var client = Emulators.CosmosClient(configuration);
        var options = Cosmos(configuration);
        Assert.False(await StudentErasure.RemoveAsync(client, options, Person, CancellationToken.None)); // no database yet
        Assert.False(await StudentErasure.RemoveAsync(client, options, "a/b", CancellationToken.None)); // cannot be an id
    }

    [Fact]
    public async Task A_roster_pushed_while_the_person_is_being_removed_is_kept()
    {
        var configuration = emulators.Configuration();
        var names = configuration.GetSection(ClassroomCloudOptions.SectionName).Get<ClassroomCloudOptions>()!;
        await RosterWithAsync(configuration, [Face(Person, 1), Face("bob", 3)]);
        var other = Roster(configuration);
        // Just before the rewrite goes out, someone pushes a roster with carol: the rewrite must not drop her.
        var interleave = new BeforeFirstConditionalWrite(() =>
            RosterPush.PushAsync(other, [Face(Person, 1), Face("bob", 3), Face("carol", 4)], CancellationToken.None));
        var clientOptions = new BlobClientOptions();
        clientOptions.AddPolicy(interleave, HttpPipelinePosition.PerCall);
        var roster = new BlobServiceClient(emulators.StorageConnectionString, clientOptions)
            .GetBlobContainerClient(names.RosterContainer).GetBlobClient(names.RosterBlob);

        var removal = await RosterBlobErasure.RemovePersonAsync(roster, Person, CancellationToken.None);

        Assert.True(interleave.Fired);
        Assert.Equal(new RosterRemoval(true, 1, 2, 2), removal);
        using var store = new BlobKnownFaceStore(other, BlobKnownFaceStore.Formats, NullLogger<BlobKnownFaceStore>.Instance);
        Assert.Equal(["bob", "carol"], (await store.GetAllAsync(CancellationToken.None)).Select(f => f.Name));
    }

    [Fact]
    public async Task The_soft_delete_retention_is_read_from_the_account()
    {
        var service = emulators.BlobService();
        var properties = (await service.GetPropertiesAsync()).Value;
        var original = properties.DeleteRetentionPolicy;
        try
        {
            properties.DeleteRetentionPolicy = new BlobRetentionPolicy { Enabled = true, Days = 3 };
            await service.SetPropertiesAsync(properties);
            Assert.Equal(3, await RosterBlobErasure.SoftDeleteRetentionDaysAsync(service, CancellationToken.None));
            properties.DeleteRetentionPolicy = new BlobRetentionPolicy { Enabled = false };
            await service.SetPropertiesAsync(properties);
            Assert.Equal(0, await RosterBlobErasure.SoftDeleteRetentionDaysAsync(service, CancellationToken.None));
        }
        finally
        {
            properties.DeleteRetentionPolicy = original ?? new BlobRetentionPolicy { Enabled = false };
            await service.SetPropertiesAsync(properties);
        }
    }

    private static CosmosOptions Cosmos(IConfiguration configuration) => configuration.GetSection(CosmosOptions.SectionName).Get<CosmosOptions>()!;

    private BlobClient Roster(IConfiguration configuration)
    {
        var names = configuration.GetSection(ClassroomCloudOptions.SectionName).Get<ClassroomCloudOptions>()!;
        return emulators.BlobService().GetBlobContainerClient(names.RosterContainer).GetBlobClient(names.RosterBlob);
    }

    private async Task<BlobClient> RosterWithAsync(IConfiguration configuration, KnownFace[] faces)
    {
        var roster = Roster(configuration);
        await RosterPush.PushAsync(roster, faces, CancellationToken.None);
        return roster;
    }

    /// <summary>The name (UTF-8) or any 16 bytes of the descriptor's float32 little-endian bytes… or, in our JSON, its numbers as text.</summary>
    private static bool HasTrace(byte[] content, KnownFace face)
    {
        var bytes = MemoryMarshal.AsBytes(face.Descriptor.AsSpan()).ToArray();
        var text = Encoding.UTF8.GetString(content);
        return content.AsSpan().IndexOf(Encoding.UTF8.GetBytes(face.Name)) >= 0
            || Enumerable.Range(0, bytes.Length / 16).Any(i => content.AsSpan().IndexOf(bytes.AsSpan(i * 16, 16)) >= 0)
            || face.Descriptor.Take(4).Any(v => text.Contains(v.ToString("R", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    /// <summary>Runs an action once, just before the first request that writes on condition (If-Match).</summary>
    private sealed class BeforeFirstConditionalWrite(Func<Task> action) : HttpPipelinePolicy
    {
        public bool Fired { get; private set; }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (!Fired && message.Request.Method == RequestMethod.Put && message.Request.Headers.Contains("If-Match"))
            {
                Fired = true;
                await action();
            }

            await ProcessNextAsync(message, pipeline);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => throw new NotSupportedException("async only");
    }
}
