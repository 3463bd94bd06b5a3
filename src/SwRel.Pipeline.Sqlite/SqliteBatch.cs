using Microsoft.Data.Sqlite;

namespace SwRel.Pipeline.Sqlite;

/// <summary>
/// The connection and transaction that a <see cref="SqliteBatchWriter"/> runs its writes in. Each statement's
/// command is prepared once for the life of the connection and reused by every batch.
/// </summary>
/// <remarks>Used by the writer's one thread at a time; not thread-safe.</remarks>
internal sealed class SqliteBatch : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private SqliteTransaction? _transaction;

    /// <param name="connection">An open connection, owned by the caller.</param>
    public SqliteBatch(SqliteConnection connection) => _connection = connection;

    /// <summary>The command for <paramref name="sql"/> in the current transaction, without parameters.</summary>
    /// <param name="sql">The statement; the same text gets the same prepared command.</param>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Parameters.Clear();
        command.Transaction = _transaction;
        return command;
    }

    /// <summary>Begins a transaction that holds the write lock from its first statement.</summary>
    public void Begin() => _transaction = _connection.BeginTransaction(deferred: false);

    /// <summary>Commits the current transaction.</summary>
    public void Commit()
    {
        var transaction = _transaction ?? throw new InvalidOperationException("No transaction has begun.");
        transaction.Commit();
        transaction.Dispose();
        _transaction = null;
    }

    /// <summary>Rolls the current transaction back, if any; a transaction that SQLite already rolled back is let go.</summary>
    public void Rollback()
    {
        var transaction = _transaction;
        _transaction = null;
        if (transaction is null)
        {
            return;
        }

        try
        {
            transaction.Rollback();
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException)
        {
            // Already rolled back by SQLite itself (a full disk, an I/O error): nothing is left to undo.
        }
        finally
        {
            transaction.Dispose();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Rollback();
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
