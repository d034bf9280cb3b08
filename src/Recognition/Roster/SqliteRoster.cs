using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Roster;

/// <summary>
/// The default local store: known faces and student records in one SQLite file under the data folder
/// (<see cref="LocalStoreOptions"/>). Reads are fresh every time (a handful of rows; pooled connections), so
/// a CLI command and a running batch always see the same roster. Student lookups are primary-key reads.
/// </summary>
public sealed class SqliteRoster : IKnownFaceStore, IStudentRecords
{
    private const int SchemaVersion = 1;

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

    public SqliteRoster(IOptions<LocalStoreOptions> options)
        : this(Path.Combine((options ?? throw new ArgumentNullException(nameof(options))).Value.ResolveDataDirectory(), LocalStoreOptions.FileName))
    {
    }

    public SqliteRoster(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = true, DefaultTimeout = 30 }.ToString();
        _ready = new Lazy<Task>(InitialiseAsync);
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

    /// <summary>Forgets a person's faces; returns how many were removed.</summary>
    public async Task<int> RemoveFacesAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(connection, "DELETE FROM faces WHERE name = $name", cancellationToken, ("$name", name)).ConfigureAwait(false);
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
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private async Task InitialiseAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
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
}
