using System.Globalization;
using Microsoft.Data.Sqlite;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;

namespace SwRel.Pipeline.Sqlite;

/// <summary>
/// A durable <see cref="IRequestQueue"/> in one SQLite database file: requests, leases, retries
/// and named locks survive a crash or a restart, and several processes may share the file.
/// </summary>
/// <remarks>
/// <para>
/// Every state change is one SQL statement (taking a request is a single
/// <c>UPDATE … RETURNING</c>), so two processors, in one process or in several, never hold the
/// same request or lock at once. The database uses write-ahead logging; a busy database is
/// waited for up to <see cref="SqliteRequestQueueOptions.BusyTimeout"/>.
/// </para>
/// <para>
/// The changes made through one queue object are written by one writer: those waiting at a moment (new requests,
/// takes, completions, renewals, locks) share one transaction and one flush to disk, so that a busy server and its
/// processor never wait for each other's lock, and each call returns only once its change is committed. Reads
/// (<see cref="ListAsync"/>) use pooled connections of their own and wait for no writer.
/// </para>
/// <para>The tables are created on first use. Thread-safe. Time comes from the <see cref="TimeProvider"/> given.</para>
/// </remarks>
public sealed class SqliteRequestQueue : IRequestQueue
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS swrel_requests (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ticket_id INTEGER NOT NULL,
            previous TEXT NOT NULL,
            current TEXT NOT NULL,
            emergency INTEGER NOT NULL,
            enqueued_at INTEGER NOT NULL,
            visible_at INTEGER NOT NULL,
            token TEXT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT NULL,
            dead INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS swrel_requests_visible ON swrel_requests (visible_at, id);
        CREATE TABLE IF NOT EXISTS swrel_locks (
            name TEXT PRIMARY KEY,
            token TEXT NOT NULL,
            expires_at INTEGER NOT NULL);
        """;

    private const string Columns = "id, ticket_id, previous, current, emergency, enqueued_at, visible_at, token, attempts, last_error, dead";

    // A database made before dead letters existed lacks the column; SQLite has no ADD COLUMN IF NOT EXISTS.
    private const string AddDeadColumn = "ALTER TABLE swrel_requests ADD COLUMN dead INTEGER NOT NULL DEFAULT 0;";

    private const string InsertStatement = """
        INSERT INTO swrel_requests (ticket_id, previous, current, emergency, enqueued_at, visible_at)
        VALUES ($ticket, $previous, $current, $emergency, $now, $now)
        RETURNING id;
        """;

    // "+visible_at" keeps SQLite off the visible_at index: through it, the oldest request is found by sorting every
    // visible one, a cost that grows with the queue and is paid under the write lock. Walking the rows in id order
    // stops at the first visible one.
    internal const string TakeStatement = $"""
        UPDATE swrel_requests
        SET token = $token, attempts = attempts + 1, visible_at = $expires
        WHERE id = (SELECT id FROM swrel_requests WHERE +visible_at <= $now AND dead = 0 ORDER BY id LIMIT 1)
        RETURNING {Columns};
        """;

    private const string DropStatement = $"DELETE FROM swrel_requests WHERE id = $id AND {Unheld} RETURNING {Columns};";

    private readonly SqliteDatabase _database;
    private readonly SqliteBatchWriter _writer;
    private readonly TimeProvider _time;

    /// <summary>Creates a queue over a database file (created with its folder when missing).</summary>
    /// <param name="options">The database path and busy timeout.</param>
    /// <param name="timeProvider">The clock for leases and retries; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message says which.</exception>
    public SqliteRequestQueue(SqliteRequestQueueOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var invalid = SqliteRequestQueueOptionsValidator.Check(options);
        if (invalid is not null)
        {
            throw new ArgumentException(invalid, nameof(options));
        }

        _time = timeProvider ?? TimeProvider.System;
        _database = new SqliteDatabase(options.DatabasePath, Schema, options.BusyTimeout, AddDeadColumnAsync);
        _writer = new SqliteBatchWriter(_database);
    }

    /// <inheritdoc/>
    public async ValueTask<long> EnqueueAsync(ProvisioningRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = Now();
        return await _writer.WriteAsync(batch => Insert(batch, request, now), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<long>> EnqueueManyAsync(IReadOnlyList<ProvisioningRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        for (var i = 0; i < requests.Count; i++)
        {
            if (requests[i] is null)
            {
                throw new ArgumentException($"Request {i} is null.", nameof(requests));
            }
        }

        if (requests.Count == 0)
        {
            return [];
        }

        var now = Now();
        return await _writer.WriteAsync<IReadOnlyList<long>>(
            batch =>
            {
                var ids = new long[requests.Count];
                for (var i = 0; i < ids.Length; i++)
                {
                    ids[i] = Insert(batch, requests[i], now);
                }

                return ids;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<RequestLease?> TryTakeAsync(TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        var expires = (now + leaseDuration).UtcTicks;
        var token = Guid.NewGuid().ToString("N");
        return await _writer.WriteAsync(
            batch =>
            {
                var command = batch.Command(TakeStatement);
                command.Parameters.AddWithValue("$token", token);
                command.Parameters.AddWithValue("$expires", expires);
                command.Parameters.AddWithValue("$now", now.UtcTicks);
                using var reader = command.ExecuteReader();
                if (!reader.Read())
                {
                    return null;
                }

                var row = ReadRow(reader, now.UtcTicks);
                return new RequestLease
                {
                    RequestId = row.RequestId,
                    Request = row.Request,
                    Token = reader.GetString(7),
                    ExpiresAtUtc = row.VisibleAtUtc,
                    Attempt = row.Attempts,
                    EnqueuedAtUtc = row.EnqueuedAtUtc,
                    LastError = row.LastError,
                };
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<RequestLease?> RenewAsync(RequestLease lease, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        var expires = _time.GetUtcNow() + leaseDuration;
        var changed = await ExecuteAsync(
            "UPDATE swrel_requests SET visible_at = $expires WHERE id = $id AND token = $token;",
            [("$expires", expires.UtcTicks), ("$id", lease.RequestId), ("$token", lease.Token)],
            cancellationToken).ConfigureAwait(false);
        return changed == 1 ? lease with { ExpiresAtUtc = FromTicks(expires.UtcTicks) } : null;
    }

    /// <inheritdoc/>
    public async ValueTask<bool> CompleteAsync(RequestLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var changed = await ExecuteAsync(
            "DELETE FROM swrel_requests WHERE id = $id AND token = $token;",
            [("$id", lease.RequestId), ("$token", lease.Token)],
            cancellationToken).ConfigureAwait(false);
        return changed == 1;
    }

    /// <inheritdoc/>
    public async ValueTask<bool> RecordFailureAsync(RequestLease lease, string error, TimeSpan retryDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentOutOfRangeException.ThrowIfLessThan(retryDelay, TimeSpan.Zero);
        var visible = _time.GetUtcNow() + retryDelay;
        var changed = await ExecuteAsync(
            "UPDATE swrel_requests SET token = NULL, last_error = $error, visible_at = $visible WHERE id = $id AND token = $token;",
            [("$error", error), ("$visible", visible.UtcTicks), ("$id", lease.RequestId), ("$token", lease.Token)],
            cancellationToken).ConfigureAwait(false);
        return changed == 1;
    }

    /// <inheritdoc/>
    public async ValueTask<bool> DeadLetterAsync(RequestLease lease, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(error);
        var changed = await ExecuteAsync(
            "UPDATE swrel_requests SET token = NULL, last_error = $error, dead = 1 WHERE id = $id AND token = $token;",
            [("$error", error), ("$id", lease.RequestId), ("$token", lease.Token)],
            cancellationToken).ConfigureAwait(false);
        return changed == 1;
    }

    /// <inheritdoc/>
    public async ValueTask<bool> RetryAsync(long requestId, CancellationToken cancellationToken)
    {
        var now = Now();
        var changed = await ExecuteAsync(
            $"UPDATE swrel_requests SET token = NULL, dead = 0, attempts = 0, visible_at = $now WHERE id = $id AND {Unheld};",
            [("$id", requestId), ("$now", now)],
            cancellationToken).ConfigureAwait(false);
        return changed == 1;
    }

    /// <inheritdoc/>
    public async ValueTask<QueuedRequest?> DropAsync(long requestId, CancellationToken cancellationToken)
    {
        var now = Now();
        return await _writer.WriteAsync(
            batch =>
            {
                var command = batch.Command(DropStatement);
                command.Parameters.AddWithValue("$id", requestId);
                command.Parameters.AddWithValue("$now", now);
                using var reader = command.ExecuteReader();
                return reader.Read() ? ReadRow(reader, now) : null;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<QueuedRequest>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM swrel_requests ORDER BY id;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var now = Now();
        var list = new List<QueuedRequest>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(ReadRow(reader, now));
        }

        return list;
    }

    /// <inheritdoc/>
    public async ValueTask<QueuedRequest?> FindAsync(long requestId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM swrel_requests WHERE id = $id;";
        command.Parameters.AddWithValue("$id", requestId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRow(reader, Now()) : null;
    }

    /// <inheritdoc/>
    public async ValueTask<QueueLock?> TryAcquireLockAsync(string name, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        var token = Guid.NewGuid().ToString("N");
        var expires = (now + duration).UtcTicks;
        var changed = await ExecuteAsync(
            """
            INSERT INTO swrel_locks (name, token, expires_at) VALUES ($name, $token, $expires)
            ON CONFLICT (name) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at
            WHERE swrel_locks.expires_at <= $now;
            """,
            [("$name", name), ("$token", token), ("$expires", expires), ("$now", now.UtcTicks)],
            cancellationToken).ConfigureAwait(false);
        return changed == 1 ? new QueueLock(name, token, FromTicks(expires)) : null;
    }

    /// <inheritdoc/>
    public async ValueTask ReleaseLockAsync(QueueLock queueLock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queueLock);
        await ExecuteAsync(
            "DELETE FROM swrel_locks WHERE name = $name AND token = $token;",
            [("$name", queueLock.Name), ("$token", queueLock.Token)],
            cancellationToken).ConfigureAwait(false);
    }

    // Not held: a dead letter, or no lease, or a lease that has expired.
    private const string Unheld = "(dead = 1 OR token IS NULL OR visible_at <= $now)";

    private static QueuedRequest ReadRow(SqliteDataReader reader, long now)
    {
        var request = new ProvisioningRequest(
            reader.GetInt32(1),
            RolloutProgressText.Parse(reader.GetString(2)),
            RolloutProgressText.Parse(reader.GetString(3)),
            reader.GetInt64(4) != 0);
        return new QueuedRequest
        {
            RequestId = reader.GetInt64(0),
            Request = request,
            EnqueuedAtUtc = FromTicks(reader.GetInt64(5)),
            Attempts = reader.GetInt32(8),
            VisibleAtUtc = FromTicks(reader.GetInt64(6)),
            LastError = reader.IsDBNull(9) ? null : reader.GetString(9),
            State = reader.GetInt64(10) != 0 ? QueuedRequestState.DeadLetter
                : !reader.IsDBNull(7) && reader.GetInt64(6) > now ? QueuedRequestState.Leased
                : QueuedRequestState.Waiting,
        };
    }

    private static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);

    private long Now() => _time.GetUtcNow().UtcTicks;

    private async ValueTask<int> ExecuteAsync(string sql, (string Name, object Value)[] parameters, CancellationToken cancellationToken) =>
        await _writer.WriteAsync(
            batch =>
            {
                var command = batch.Command(sql);
                foreach (var (name, value) in parameters)
                {
                    command.Parameters.AddWithValue(name, value);
                }

                return command.ExecuteNonQuery();
            },
            cancellationToken).ConfigureAwait(false);

    private static long Insert(SqliteBatch batch, ProvisioningRequest request, long now)
    {
        var command = batch.Command(InsertStatement);
        command.Parameters.AddWithValue("$ticket", request.TicketId);
        command.Parameters.AddWithValue("$previous", RolloutProgressText.ToName(request.Previous));
        command.Parameters.AddWithValue("$current", RolloutProgressText.ToName(request.Current));
        command.Parameters.AddWithValue("$emergency", request.Emergency ? 1 : 0);
        command.Parameters.AddWithValue("$now", now);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private ValueTask<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _database.OpenAsync(cancellationToken);

    private static async Task AddDeadColumnAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('swrel_requests') WHERE name = 'dead';";
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) != 0)
        {
            return;
        }

        command.CommandText = AddDeadColumn;
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.Message.Contains("duplicate column", StringComparison.OrdinalIgnoreCase))
        {
            // Another process sharing the file added it first.
        }
    }
}
