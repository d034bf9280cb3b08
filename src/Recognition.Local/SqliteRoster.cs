using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Roster;

/// <summary>
/// The default local store: known faces and student records in one SQLite file under the data folder
/// (<see cref="LocalStoreOptions"/>). Reads are fresh every time (a handful of rows; pooled connections), so
/// a CLI command and a running batch always see the same roster. Student lookups are primary-key reads.
/// The folder and its files are owner-only (<see cref="PrivateFiles"/>); every connection deletes securely
/// (freed content is overwritten with zeros), and <see cref="ForgetAsync"/> erases a person without a trace.
/// </summary>
public sealed partial class SqliteRoster : IKnownFaceStore, IStudentRecords
{
    private const int SchemaVersion = 1;

    /// <summary>The files SQLite keeps beside the database: rollback journal, write-ahead log and its index.</summary>
    private static readonly string[] CompanionSuffixes = ["-journal", "-wal", "-shm"];

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS faces (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            descriptor BLOB NOT NULL,
            source TEXT,
            added_utc TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
            UNIQUE (name, descriptor));
        CREATE INDEX IF NOT EXISTS faces_by_name ON faces (name);
        CREATE TABLE IF NOT EXISTS students (
            name TEXT PRIMARY KEY,
            id INTEGER,
            major TEXT NOT NULL,
            year TEXT NOT NULL);
        """;

    private readonly string _connectionString;
    private readonly Lazy<Task> _ready;
    private readonly ILogger _logger;

    public SqliteRoster(IOptions<LocalStoreOptions> options, ILogger<SqliteRoster> logger)
        : this(Path.Combine((options ?? throw new ArgumentNullException(nameof(options))).Value.ResolveDataDirectory(), LocalStoreOptions.FileName), logger)
    {
    }

    /// <summary>The store in <paramref name="databasePath"/>; its folder is the store's folder (made owner-only).</summary>
    public SqliteRoster(string databasePath, ILogger<SqliteRoster>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = true, DefaultTimeout = 30 }.ToString();
        _ready = new Lazy<Task>(InitialiseAsync);
        _logger = logger ?? NullLogger<SqliteRoster>.Instance;
    }

    /// <summary>The SQLite file.</summary>
    public string DatabasePath { get; }

    public async ValueTask<IReadOnlyList<KnownFace>> GetAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, descriptor FROM faces ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var faces = new List<KnownFace>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            faces.Add(new KnownFace(reader.GetString(0), MemoryMarshal.Cast<byte, float>((byte[])reader[1]).ToArray()));
        }

        return faces;
    }

    public async ValueTask<StudentRecord?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, major, year, id FROM students WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Record(reader) : null;
    }

    public async Task<IReadOnlyList<StudentRecord>> GetStudentsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, major, year, id FROM students ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<StudentRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(Record(reader));
        }

        return records;
    }

    /// <summary>
    /// Adds faces; a descriptor already stored for the same name is skipped, so adding twice changes nothing.
    /// With <paramref name="replacePeople"/>, everyone named in <paramref name="faces"/> first loses their stored faces
    /// (an import then makes the store hold exactly the file's faces for those people). Returns how many were added.
    /// </summary>
    public async Task<int> AddFacesAsync(IEnumerable<KnownFace> faces, string? source, bool replacePeople, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(faces);
        var list = faces.ToList();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (replacePeople)
        {
            foreach (var person in list.Select(f => f.Name).Distinct(StringComparer.Ordinal))
            {
                await ExecuteAsync(connection, "DELETE FROM faces WHERE name = $name", cancellationToken, ("$name", person)).ConfigureAwait(false);
            }
        }

        var added = 0;
        foreach (var face in list)
        {
            added += await ExecuteAsync(connection, "INSERT OR IGNORE INTO faces (name, descriptor, source) VALUES ($name, $descriptor, $source)", cancellationToken,
                ("$name", face.Name), ("$descriptor", MemoryMarshal.AsBytes(face.Descriptor.AsSpan()).ToArray()), ("$source", (object?)source ?? DBNull.Value)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <summary>
    /// Erases a person: their student record and all their faces, so that nothing of them remains in the store's
    /// files. The rows are deleted (zeroed in place: secure_delete), then VACUUM rewrites the file without any free
    /// page — also scrubbing what deletes made before secure_delete was on (older versions) left behind — and a
    /// write-ahead log, if the file uses one, is checkpointed and truncated to nothing. The vacuum runs even when
    /// nobody of that name is stored, for that reason. A busy log (another process reading) throws: run it again.
    /// </summary>
    public async Task<StoreErasure> ForgetAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        int records, faces;
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            faces = await ExecuteAsync(connection, "DELETE FROM faces WHERE name = $name", cancellationToken, ("$name", name)).ConfigureAwait(false);
            records = await ExecuteAsync(connection, "DELETE FROM students WHERE name = $name", cancellationToken, ("$name", name)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, "VACUUM", cancellationToken).ConfigureAwait(false);
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)"; // one row (busy, log frames, checkpointed); -1 frames when not in WAL mode
        await using (var reader = await checkpoint.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && reader.GetInt32(0) != 0)
            {
                throw new IOException($"{DatabasePath}: another process is reading the store, so its write-ahead log could not be emptied yet; run the command again.");
            }
        }

        return new StoreErasure(records, faces);
    }

    /// <summary>Inserts or updates records by name (the key); returns how many were written.</summary>
    public async Task<int> UpsertStudentsAsync(IEnumerable<StudentRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var written = 0;
        foreach (var r in records)
        {
            written += await ExecuteAsync(connection,
                "INSERT INTO students (name, id, major, year) VALUES ($name, $id, $major, $year) " +
                "ON CONFLICT (name) DO UPDATE SET id = excluded.id, major = excluded.major, year = excluded.year", cancellationToken,
                ("$name", r.Name), ("$id", (object?)r.Id ?? DBNull.Value), ("$major", r.Major), ("$year", r.Year)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }

    private static StudentRecord Record(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt32(3));

    private static async Task<int> ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await _ready.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await ConnectAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Per connection, not stored in the file: every connection that may write overwrites what it frees.
            await ExecuteAsync(connection, "PRAGMA secure_delete = ON", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task InitialiseAsync()
    {
        MakePrivate();
        await using var connection = await ConnectAsync(CancellationToken.None).ConfigureAwait(false);
        await ExecuteAsync(connection, Schema, CancellationToken.None).ConfigureAwait(false);
        await using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        var current = Convert.ToInt32(await version.ExecuteScalarAsync().ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (current > SchemaVersion)
        {
            throw new InvalidOperationException($"{DatabasePath} was written by a newer version (schema {current}); this build knows schema {SchemaVersion}.");
        }

        await ExecuteAsync(connection, $"PRAGMA user_version = {SchemaVersion}", CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// The folder 0700 and the database 0600 before SQLite opens it (SQLite gives its journal, log and index files
    /// the database file's mode). A store made by an older version (0755/0644) is tightened, and the log says so once.
    /// </summary>
    private void MakePrivate()
    {
        var folder = Path.GetDirectoryName(DatabasePath)!;
        PrivateFiles.CreateFolder(folder);
        var changed = new List<string>();
        foreach (var path in (string[])[folder, DatabasePath, .. CompanionSuffixes.Select(s => DatabasePath + s)])
        {
            if (PrivateFiles.Tighten(path) is { } before)
            {
                changed.Add($"{path} (was {PrivateFiles.Octal(before)})");
            }
        }

        PrivateFiles.Reserve(DatabasePath);
        if (changed.Count > 0)
        {
            LogTightened(_logger, string.Join(", ", changed));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The local store was readable by other users; made it owner-only (folder 0700, files 0600), as it holds faces and student records: {Changed}")]
    private static partial void LogTightened(ILogger logger, string changed);
}
