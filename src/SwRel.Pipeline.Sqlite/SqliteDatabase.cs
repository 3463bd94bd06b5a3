using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SwRel.Pipeline.Sqlite;

/// <summary>
/// One SQLite database file with its schema: opens pooled connections, creating the folder, the file and the tables on
/// first use. Shared by the catalogue and the ticket store so that both open their files the same way.
/// </summary>
/// <remarks>Thread-safe. Write-ahead logging, so readers do not wait for a writer.</remarks>
internal sealed class SqliteDatabase
{
    // Microsoft.Data.Sqlite marks a pooled connection active before it records the connection that owns it, outside the
    // pool's lock; an open of another connection on an exhausted pool, or a pool clear, in that instant takes it for
    // leaked and lends it to a second owner or closes it under the first (dotnet/efcore#39008). Opening takes a connection
    // off a stack or opens a file, so opens in this process go one at a time.
    private static readonly object OpenGate = new();

    private readonly string _path;
    private readonly string _schema;
    private readonly string _connectionString;
    private readonly string _busyTimeout;
    private readonly Func<SqliteCommand, CancellationToken, Task>? _upgrade;
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private volatile bool _initialised;

    /// <param name="databasePath">The database file.</param>
    /// <param name="schema">The statements that create the tables when they do not exist.</param>
    /// <param name="busyTimeout">How long a statement waits for another connection's lock.</param>
    /// <param name="upgrade">Brings a file made by an older version up to the schema, after the schema ran; none when <see langword="null"/>.</param>
    public SqliteDatabase(string databasePath, string schema, TimeSpan busyTimeout, Func<SqliteCommand, CancellationToken, Task>? upgrade = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        _path = System.IO.Path.GetFullPath(databasePath);
        _schema = "PRAGMA journal_mode = WAL;\n" + schema;
        _upgrade = upgrade;

        // SQLite's own busy handler retries after 1, 2, 5, 10 ms and so on; without it the library sleeps 150 ms at a time.
        _busyTimeout = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds};");
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString();
    }

    public string Path => _path;

    public async ValueTask<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_initialised && System.IO.Path.GetDirectoryName(_path) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            lock (OpenGate)
            {
                connection.Open();
            }

            await using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = _busyTimeout;
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (!_initialised)
            {
                await InitialiseAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes every idle pooled connection of the process, between opens rather than during one.</summary>
    public static void ClearAllPools()
    {
        lock (OpenGate)
        {
            SqliteConnection.ClearAllPools();
        }
    }

    public static void Add(SqliteCommand command, string name, object? value) =>
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);

    private async ValueTask InitialiseAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _initGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialised)
            {
                return;
            }

            await using var command = connection.CreateCommand();
            command.CommandText = _schema;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (_upgrade is not null)
            {
                await _upgrade(command, cancellationToken).ConfigureAwait(false);
            }

            _initialised = true;
        }
        finally
        {
            _initGate.Release();
        }
    }
}
