using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SwRel.Pipeline;

namespace SwRel.Pipeline.Sqlite;

/// <summary>
/// A durable <see cref="IInvalidRequestNoticeStore"/> in the request queue's SQLite database file, in a table of its own:
/// a notice added before a crash is still there after the restart, so that its ticket gets the comment.
/// </summary>
/// <remarks>
/// Bounded to <see cref="Capacity"/> notices; adding one more drops the oldest. The table is created on first use.
/// Thread-safe: each operation opens its own pooled connection, and several processes may share the file. Time comes
/// from the <see cref="TimeProvider"/> given.
/// </remarks>
public sealed class SqliteInvalidRequestNoticeStore : IInvalidRequestNoticeStore
{
    /// <summary>The most notices kept at once.</summary>
    public const int Capacity = 10_000;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS swrel_invalid_request_notices (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ticket_id INTEGER NOT NULL,
            errors TEXT NOT NULL,
            received_at INTEGER NOT NULL);
        """;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    /// <summary>Creates a store over the queue's database file (created with its folder when missing).</summary>
    /// <param name="options">The queue's database path and busy timeout.</param>
    /// <param name="timeProvider">The clock that stamps notices; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message says which.</exception>
    public SqliteInvalidRequestNoticeStore(SqliteRequestQueueOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var invalid = SqliteRequestQueueOptionsValidator.Check(options);
        if (invalid is not null)
        {
            throw new ArgumentException(invalid, nameof(options));
        }

        _time = timeProvider ?? TimeProvider.System;
        _database = new SqliteDatabase(options.DatabasePath, Schema, options.BusyTimeout);
    }

    /// <inheritdoc/>
    public async ValueTask<InvalidRequestNotice> AddAsync(int ticketId, IReadOnlyList<string> errors, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ticketId);
        ArgumentNullException.ThrowIfNull(errors);
        var now = _time.GetUtcNow().UtcTicks;
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO swrel_invalid_request_notices (ticket_id, errors, received_at) VALUES ($ticket, $errors, $at) RETURNING id;";
        SqliteDatabase.Add(command, "$ticket", ticketId);
        SqliteDatabase.Add(command, "$errors", WriteErrors(errors));
        SqliteDatabase.Add(command, "$at", now);
        var id = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        await using (var trim = connection.CreateCommand())
        {
            trim.CommandText = "DELETE FROM swrel_invalid_request_notices WHERE id <= $oldest;";
            SqliteDatabase.Add(trim, "$oldest", id - Capacity);
            await trim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return new InvalidRequestNotice { NoticeId = id, TicketId = ticketId, Errors = [.. errors], ReceivedAtUtc = new DateTimeOffset(now, TimeSpan.Zero) };
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<InvalidRequestNotice>> ListAsync(int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, ticket_id, errors, received_at FROM swrel_invalid_request_notices ORDER BY id LIMIT $max;";
        SqliteDatabase.Add(command, "$max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<InvalidRequestNotice>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new InvalidRequestNotice
            {
                NoticeId = reader.GetInt64(0),
                TicketId = reader.GetInt32(1),
                Errors = ReadErrors(reader.GetString(2)),
                ReceivedAtUtc = new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
            });
        }

        return list;
    }

    /// <inheritdoc/>
    public async ValueTask<bool> RemoveAsync(long noticeId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM swrel_invalid_request_notices WHERE id = $id;";
        SqliteDatabase.Add(command, "$id", noticeId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    // A JSON array, so that a message may hold any character; written and read by hand to stay trimmable.
    private static string WriteErrors(IReadOnlyList<string> errors)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var error in errors)
            {
                writer.WriteStringValue(error);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static ImmutableArray<string> ReadErrors(string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = ImmutableArray.CreateBuilder<string>();
        foreach (var error in document.RootElement.EnumerateArray())
        {
            errors.Add(error.GetString() ?? "");
        }

        return errors.ToImmutable();
    }
}
