using System.Runtime.InteropServices;
using System.Text;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Classroom.Recognition.Tests.Roster;

/// <summary>
/// <see cref="SqliteRoster.ForgetAsync"/> leaves no trace of the person in the store's files: neither their name
/// (UTF-8) nor any 16 bytes of a descriptor as stored (128 float32, little-endian), in the database or beside it.
/// </summary>
public sealed class StoreErasureTests : IDisposable
{
    private const string Person = "zelda_quintana_x7";
    private const string Other = "bob_keeps_k3";

    private readonly MediaFolder _folder = new();

    private string Database => _folder.PathOf("data/roster.db");

    private static KnownFace Face(string name, int seed) => new(name, [.. Enumerable.Range(0, 128).Select(i => (float)Math.Cos((seed * 131) + i))]);

    [Fact]
    public async Task Forgetting_a_person_leaves_no_trace_of_their_name_or_descriptors_and_keeps_the_others()
    {
        var roster = new SqliteRoster(Database);
        // History: a face later replaced by an import, and a record later updated — both must leave nothing behind.
        await roster.AddFacesAsync([Face(Person, 10)], "enroll", replacePeople: false, CancellationToken.None);
        await roster.AddFacesAsync([Face(Person, 11), Face(Person, 12), Face(Other, 3)], "import", replacePeople: true, CancellationToken.None);
        await roster.UpsertStudentsAsync([new StudentRecord(Person, "astrophysics_before", "freshman", 4), new StudentRecord(Other, "math", "senior", 5)], CancellationToken.None);
        await roster.UpsertStudentsAsync([new StudentRecord(Person, "chemistry", "junior", 4)], CancellationToken.None);

        var before = StoreBytes();
        Assert.True(Contains(before, Utf8(Person)), "the search finds the name while it is stored");
        Assert.True(ContainsAnyChunk(before, Face(Person, 11)), "the search finds a stored descriptor");
        Assert.False(ContainsAnyChunk(before, Face(Person, 10)), "a face replaced earlier is already gone (secure_delete)");
        Assert.False(Contains(before, Utf8("astrophysics_before")), "an updated record's old value is already gone");

        var erased = await roster.ForgetAsync(Person, CancellationToken.None);

        Assert.Equal(new StoreErasure(Records: 1, Faces: 2), erased);
        var after = StoreBytes();
        Assert.False(Contains(after, Utf8(Person)));
        Assert.False(Contains(after, Utf8("chemistry")));
        foreach (var seed in new[] { 10, 11, 12 })
        {
            Assert.False(ContainsAnyChunk(after, Face(Person, seed)), $"descriptor {seed} left a trace");
        }

        Assert.True(Contains(after, Utf8(Other)) && ContainsAnyChunk(after, Face(Other, 3)), "the other person is untouched");
        Assert.Equal(Face(Other, 3).Descriptor, Assert.Single(await roster.GetAllAsync(CancellationToken.None)).Descriptor);
        Assert.Null(await roster.FindAsync(Person, CancellationToken.None));
        Assert.NotNull(await roster.FindAsync(Other, CancellationToken.None));
    }

    [Fact]
    public async Task A_store_in_wal_mode_keeps_no_trace_in_its_write_ahead_log()
    {
        var roster = new SqliteRoster(Database);
        await roster.AddFacesAsync([Face(Other, 3)], null, false, CancellationToken.None);
        await using (var connection = new SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode = WAL"; // stored in the file: every later connection uses the log
            Assert.Equal("wal", (string?)await wal.ExecuteScalarAsync());
        }

        await roster.AddFacesAsync([Face(Person, 11)], null, false, CancellationToken.None);
        await roster.UpsertStudentsAsync([new StudentRecord(Person, "chemistry", "junior")], CancellationToken.None);
        Assert.True(new FileInfo(Database + "-wal").Length > 0, "the writes went to the log");
        Assert.True(Contains(StoreBytes(), Utf8(Person)));

        Assert.Equal(new StoreErasure(1, 1), await roster.ForgetAsync(Person, CancellationToken.None));

        Assert.False(File.Exists(Database + "-wal") && new FileInfo(Database + "-wal").Length > 0, "the log is truncated to nothing");
        var after = StoreBytes();
        Assert.False(Contains(after, Utf8(Person)));
        Assert.False(ContainsAnyChunk(after, Face(Person, 11)));
        Assert.Equal(Other, Assert.Single(await roster.GetAllAsync(CancellationToken.None)).Name);
    }

    [Fact]
    public async Task Forgetting_also_scrubs_what_an_older_insecure_delete_left_in_free_pages()
    {
        var roster = new SqliteRoster(Database);
        await roster.AddFacesAsync([Face(Person, 11), Face(Other, 3)], null, false, CancellationToken.None);
        await using (var connection = new SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            // As a version without secure_delete did it: the row is unlinked, its bytes stay in the page.
            await connection.OpenAsync();
            await using var delete = connection.CreateCommand();
            delete.CommandText = $"PRAGMA secure_delete = OFF; DELETE FROM faces WHERE name = '{Person}'";
            await delete.ExecuteNonQueryAsync();
        }

        Assert.True(ContainsAnyChunk(StoreBytes(), Face(Person, 11)), "an insecure delete leaves the descriptor in the file");

        var erased = await roster.ForgetAsync(Person, CancellationToken.None);

        Assert.False(erased.Found); // nothing of them was left to delete as rows …
        Assert.False(ContainsAnyChunk(StoreBytes(), Face(Person, 11))); // … yet the file is scrubbed
        Assert.False(Contains(StoreBytes(), Utf8(Person)));
    }

    [Fact]
    public async Task Forgetting_someone_never_stored_removes_nothing()
    {
        var roster = new SqliteRoster(Database);
        await roster.AddFacesAsync([Face(Other, 3)], null, false, CancellationToken.None);
        await roster.UpsertStudentsAsync([new StudentRecord(Other, "math", "senior")], CancellationToken.None);

        var erased = await roster.ForgetAsync("BOB_KEEPS_K3", CancellationToken.None); // names are exact keys

        Assert.Equal(new StoreErasure(0, 0), erased);
        Assert.False(erased.Found);
        Assert.Single(await roster.GetAllAsync(CancellationToken.None));
        Assert.Single(await roster.GetStudentsAsync(CancellationToken.None));
    }

    /// <summary>Every file in the store's folder: the database and whatever SQLite keeps beside it (-journal, -wal, -shm).</summary>
    private byte[] StoreBytes() =>
        [.. Directory.GetFiles(Path.GetDirectoryName(Database)!).SelectMany(File.ReadAllBytes)];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>Any 16-byte piece (4 floats) of the descriptor's stored bytes: a partial trace counts too.</summary>
    private static bool ContainsAnyChunk(byte[] haystack, KnownFace face)
    {
        Assert.True(BitConverter.IsLittleEndian);
        var stored = MemoryMarshal.AsBytes(face.Descriptor.AsSpan()).ToArray(); // as SqliteRoster stores it
        return Enumerable.Range(0, stored.Length / 16).Any(i => Contains(haystack, stored[(i * 16)..((i + 1) * 16)]));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
