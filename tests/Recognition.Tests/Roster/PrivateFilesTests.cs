using System.Runtime.Versioning;
using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Classroom.Recognition.Tests.Roster;

/// <summary>
/// Faces, descriptors and records are owner-only on disk: the store's folder 0700, the database and SQLite's files
/// beside it 0600, known-faces exports and result CSVs 0600 (whatever the umask: this process's is 0022).
/// </summary>
[UnsupportedOSPlatform("windows")] // the facts are UnixFacts: skipped there
public sealed class PrivateFilesTests : IDisposable
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode World755 = Folder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode World644 = File600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly MediaFolder _folder = new();

    private string Store => _folder.PathOf("data");

    private string Database => Path.Combine(Store, LocalStoreOptions.FileName);

    private static KnownFace Face(string name) => new(name, [.. Enumerable.Range(0, 128).Select(i => i / 128f)]);

    [UnixFact]
    public async Task A_new_store_and_the_files_sqlite_keeps_beside_it_are_owner_only()
    {
        var roster = new SqliteRoster(Database);
        await roster.AddFacesAsync([Face("ada")], null, false, CancellationToken.None);
        Assert.Equal(Folder, File.GetUnixFileMode(Store));
        Assert.Equal(File600, File.GetUnixFileMode(Database));

        await using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        await connection.OpenAsync();
        await using var wal = connection.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode = WAL; INSERT INTO students (name, major, year) VALUES ('ada', 'math', 'junior')";
        await wal.ExecuteNonQueryAsync();
        Assert.Equal(File600, File.GetUnixFileMode(Database + "-wal")); // SQLite gives them the database file's mode
        Assert.Equal(File600, File.GetUnixFileMode(Database + "-shm"));
    }

    [UnixFact]
    public async Task A_world_readable_store_is_tightened_when_opened_and_the_log_says_so_once()
    {
        await new SqliteRoster(Database).AddFacesAsync([Face("ada")], null, false, CancellationToken.None);
        SqliteConnection.ClearAllPools();
        File.WriteAllBytes(Database + "-journal", []); // as a crash may leave one
        File.SetUnixFileMode(Store, World755);
        File.SetUnixFileMode(Database, World644);
        File.SetUnixFileMode(Database + "-journal", World644);

        var log = new ListLogger();
        var faces = await new SqliteRoster(Database, log).GetAllAsync(CancellationToken.None);

        Assert.Single(faces);
        Assert.Equal(Folder, File.GetUnixFileMode(Store));
        Assert.Equal(File600, File.GetUnixFileMode(Database));
        var line = Assert.Single(log.Lines);
        Assert.StartsWith("Warning: The local store was readable by other users; made it owner-only", line, StringComparison.Ordinal);
        Assert.Contains($"{Store} (was 0755)", line, StringComparison.Ordinal);
        Assert.Contains($"{Database} (was 0644)", line, StringComparison.Ordinal);
        Assert.Contains($"{Database}-journal (was 0644)", line, StringComparison.Ordinal); // tightened before SQLite opened (and removed) the empty journal

        var again = new ListLogger();
        await new SqliteRoster(Database, again).GetAllAsync(CancellationToken.None);
        Assert.Empty(again.Lines); // nothing left to tighten: said once
    }

    [UnixFact]
    public void A_known_faces_export_is_owner_only_also_when_it_replaces_a_world_readable_file()
    {
        var export = _folder.PathOf("faces.json");
        File.WriteAllText(export, "{}");
        File.SetUnixFileMode(export, World644);

        KnownFacesFile.Write(export, [Face("ada")]);

        Assert.Equal(File600, File.GetUnixFileMode(export));
        Assert.Equal("ada", Assert.Single(KnownFacesFile.Read(export)).Name);
    }

    [UnixFact]
    public async Task A_result_csv_is_owner_only_and_so_is_a_folder_the_writer_creates_but_not_one_the_user_had()
    {
        var result = new VideoResult("clips/test_0.mp4", VideoStatus.Recognized,
            [new StudentSighting("ada", "math", "junior", 0.3, TimeSpan.Zero, new Classroom.Recognition.Faces.FaceBox(1, 2, 3, 4, 0.9f))], UnknownFaces: 0);

        var fresh = await ResultFile.WriteFileAsync(result, _folder.PathOf("out/new"), null, CancellationToken.None);
        Assert.Equal(Folder, File.GetUnixFileMode(_folder.PathOf("out/new")));
        Assert.Equal(File600, File.GetUnixFileMode(fresh));

        var mine = _folder.PathOf("shared");
        Directory.CreateDirectory(mine);
        File.SetUnixFileMode(mine, World755);
        var csv = await ResultFile.WriteFileAsync(result, mine, null, CancellationToken.None);
        Assert.Equal(World755, File.GetUnixFileMode(mine));
        Assert.Equal(File600, File.GetUnixFileMode(csv));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private sealed class ListLogger : ILogger<SqliteRoster>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add($"{logLevel}: {formatter(state, exception)}");
    }
}
