using Classroom.Recognition.Roster;
using Classroom.Recognition.Tests.Support;

namespace Classroom.Recognition.Tests.Roster;

public sealed class SqliteRosterTests : IDisposable
{
    private readonly MediaFolder _folder = new();

    private static KnownFace Face(string name, int seed) => new(name, [.. Enumerable.Range(0, 128).Select(i => (float)Math.Cos(seed + i))]);

    [Fact]
    public async Task Faces_and_records_persist_across_instances()
    {
        var path = _folder.PathOf("data/roster.db");
        var first = new SqliteRoster(path);
        await first.AddFacesAsync([Face("ada", 1), Face("bob", 2)], "test", replacePeople: false, CancellationToken.None);
        await first.UpsertStudentsAsync([new StudentRecord("ada", "math", "junior", 7)], CancellationToken.None);

        var second = new SqliteRoster(path);
        var faces = await second.GetAllAsync(CancellationToken.None);

        Assert.Equal(["ada", "bob"], faces.Select(f => f.Name));
        Assert.Equal(Face("bob", 2).Descriptor, faces[1].Descriptor);
        Assert.Equal(new StudentRecord("ada", "math", "junior", 7), await second.FindAsync("ada", CancellationToken.None));
        Assert.Null(await second.FindAsync("bob", CancellationToken.None));
        Assert.Null(await second.FindAsync("ADA", CancellationToken.None)); // names are keys: exact, like a Cosmos id
    }

    [Fact]
    public async Task Adding_the_same_faces_twice_changes_nothing_and_import_replaces_a_persons_faces()
    {
        var roster = new SqliteRoster(_folder.PathOf("roster.db"));
        Assert.Equal(2, await roster.AddFacesAsync([Face("ada", 1), Face("ada", 2)], null, false, CancellationToken.None));
        Assert.Equal(0, await roster.AddFacesAsync([Face("ada", 1)], null, false, CancellationToken.None));
        Assert.Equal(2, (await roster.GetAllAsync(CancellationToken.None)).Count);

        Assert.Equal(1, await roster.AddFacesAsync([Face("ada", 3)], "import", replacePeople: true, CancellationToken.None));
        var faces = await roster.GetAllAsync(CancellationToken.None);
        Assert.Equal(Face("ada", 3).Descriptor, Assert.Single(faces).Descriptor);
    }

    [Fact]
    public async Task Upserting_a_record_updates_it()
    {
        var roster = new SqliteRoster(_folder.PathOf("roster.db"));
        await roster.UpsertStudentsAsync([new StudentRecord("ada", "math", "junior")], CancellationToken.None);
        await roster.UpsertStudentsAsync([new StudentRecord("ada", "physics", "senior", 3)], CancellationToken.None);

        Assert.Equal([new StudentRecord("ada", "physics", "senior", 3)], await roster.GetStudentsAsync(CancellationToken.None));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
