using System.Text.Json;
using Classroom.Cloud.Storage;
using Classroom.Recognition.Roster;
using Microsoft.Extensions.Logging.Abstractions;

namespace Classroom.FunctionApp.Tests;

[Collection(EmulatorGroup.Name)]
public sealed class BlobKnownFaceStoreTests(Emulators emulators)
{
    [Fact]
    public async Task The_roster_is_downloaded_once_and_again_only_after_it_changes()
    {
        var container = emulators.BlobService().GetBlobContainerClient($"roster-{Guid.NewGuid():N}");
        await container.CreateAsync();
        var blob = container.GetBlobClient("known-faces.json");
        await blob.UploadAsync(BinaryData.FromObjectAsJson(new[] { new KnownFace("a", [1f, 2f]) }));

        var parses = 0;
        using var store = new BlobKnownFaceStore(blob, (content, name) => { parses++; return Parse(content, name); }, NullLogger<BlobKnownFaceStore>.Instance);
        var first = await store.GetAllAsync(CancellationToken.None);
        var second = await store.GetAllAsync(CancellationToken.None);
        Assert.Equal("a", Assert.Single(first).Name);
        Assert.Same(first, second); // revalidated (304), not re-read
        Assert.Equal(1, parses);

        await blob.UploadAsync(BinaryData.FromObjectAsJson(new[] { new KnownFace("a", [1f, 2f]), new KnownFace("b", [3f, 4f]) }), overwrite: true);
        var third = await store.GetAllAsync(CancellationToken.None);
        Assert.Equal(["a", "b"], third.Select(f => f.Name));
        Assert.Equal(2, parses);
    }

    [Fact]
    public async Task A_missing_roster_throws_with_the_command_that_fixes_it()
    {
        var blob = emulators.BlobService().GetBlobContainerClient($"roster-{Guid.NewGuid():N}").GetBlobClient("known-faces.json");
        using var store = new BlobKnownFaceStore(blob, Parse, NullLogger<BlobKnownFaceStore>.Instance);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetAllAsync(CancellationToken.None).AsTask());
        Assert.Contains("classroom faces push", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The store is format-agnostic; the product plugs in the roster readers, this test a plain JSON array.</summary>
    private static KnownFace[] Parse(Stream content, string name) => JsonSerializer.Deserialize<KnownFace[]>(content)!;
}
