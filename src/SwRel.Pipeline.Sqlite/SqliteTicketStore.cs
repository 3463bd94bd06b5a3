using System.Collections.Immutable;
using System.Data;
using Microsoft.Data.Sqlite;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;

namespace SwRel.Pipeline.Sqlite;

/// <summary>
/// The embedded default ticket system (SPEC §12.1): tickets with the SPEC §3 fields, attachments, comments and the §5
/// state history in one SQLite database file, so that the whole daemon runs on one machine with no outside system.
/// The pipeline uses it through <see cref="ITicketGateway"/>; people use it through the write methods, which obey the
/// Domain's write rules (SPEC §3) and transition table (SPEC §2.1).
/// </summary>
/// <remarks>
/// <para>
/// Fields are kept as text under their §3 names, with the RolloutProgress, since when it holds and the last failed
/// transition beside them; <see cref="ITicketGateway"/> reads exactly these parts. The last failed transition is kept
/// when the ticket leaves Failed, as <see cref="ITicketGateway"/> requires.
/// </para>
/// <para>
/// A person's move into StageRollout is never refused for a taken slot: as with RT, the daemon decides the slot and
/// defers the ticket (rows 12 and 12b). Every write runs in one immediate transaction, so it is thread-safe and several
/// processes may share the file. The tables are created on first use.
/// </para>
/// </remarks>
public sealed class SqliteTicketStore : ITicketGateway
{
    private const string RepoAuthor = "Repo";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS swrel_tickets (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            rollout_progress TEXT NOT NULL,
            since_at INTEGER NOT NULL,
            failed_from TEXT NULL,
            failed_to TEXT NULL,
            failed_message TEXT NULL);
        CREATE TABLE IF NOT EXISTS swrel_ticket_fields (
            ticket_id INTEGER NOT NULL REFERENCES swrel_tickets (id),
            name TEXT NOT NULL COLLATE NOCASE,
            value TEXT NOT NULL,
            PRIMARY KEY (ticket_id, name));
        CREATE TABLE IF NOT EXISTS swrel_ticket_attachments (
            ticket_id INTEGER NOT NULL REFERENCES swrel_tickets (id),
            name TEXT NOT NULL,
            content BLOB NOT NULL,
            added_at INTEGER NOT NULL,
            PRIMARY KEY (ticket_id, name));
        CREATE TABLE IF NOT EXISTS swrel_ticket_comments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ticket_id INTEGER NOT NULL REFERENCES swrel_tickets (id),
            added_at INTEGER NOT NULL,
            author TEXT NOT NULL,
            text TEXT NOT NULL,
            write_key TEXT NULL);
        CREATE INDEX IF NOT EXISTS swrel_ticket_comments_ticket ON swrel_ticket_comments (ticket_id, id);
        """;

    // The pipeline's comments carry a key, stored at most once per ticket; people's comments have none.
    private const string CommentKeyIndex =
        "CREATE UNIQUE INDEX IF NOT EXISTS swrel_ticket_comments_key ON swrel_ticket_comments (ticket_id, write_key) WHERE write_key IS NOT NULL;";

    private readonly SqliteDatabase _database;
    private readonly RolloutWorkflow _workflow;
    private readonly TimeProvider _time;

    /// <summary>Creates a store over a database file (created with its folder when missing).</summary>
    /// <param name="databasePath">The database file's path.</param>
    /// <param name="workflow">The workflow's settings (emergency policy, default ReleaseType, mandatory watchers); the defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock that stamps history entries and comments; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="databasePath"/> is empty.</exception>
    public SqliteTicketStore(string databasePath, WorkflowOptions? workflow = null, TimeProvider? timeProvider = null)
    {
        _database = new SqliteDatabase(databasePath, Schema, TimeSpan.FromSeconds(30), AddCommentKeysAsync);
        _time = timeProvider ?? TimeProvider.System;
        _workflow = new RolloutWorkflow(workflow ?? new WorkflowOptions(), FreeStageRolloutSlots.Instance, _time);
    }

    /// <summary>Creates a Submitted ticket, as a software provider does, with its first history entry.</summary>
    /// <param name="fields">The fields by §3 name; <c>AssociatedMajorRelease</c> is required. Each is written as the SoftwareProvider.</param>
    /// <param name="submittedBy">Who submits it (recorded in the history).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new ticket's number, or every reason the fields were refused (and no ticket).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public async ValueTask<TicketWriteResult> CreateTicketAsync(IReadOnlyDictionary<string, string> fields, string submittedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentException.ThrowIfNullOrWhiteSpace(submittedBy);
        var majorText = fields.FirstOrDefault(f => string.Equals(f.Key, TicketField.AssociatedMajorRelease.ToName(), StringComparison.OrdinalIgnoreCase)).Value;
        if (!MajorRelease.TryParse(majorText, out var major, out var majorError))
        {
            return new TicketWriteResult { TicketId = 0, Errors = [majorText is null ? "AssociatedMajorRelease is required: the major release, for example umd-4." : majorError] };
        }

        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        var id = await NextIdAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var ticket = _workflow.CreateTicket(id, major, submittedBy);
        var changes = fields.Where(f => !string.Equals(f.Key, TicketField.AssociatedMajorRelease.ToName(), StringComparison.OrdinalIgnoreCase)).ToList();
        var errors = Apply(ticket, changes, TicketWriter.SoftwareProvider, reason: null, actorName: submittedBy);
        if (errors.Count > 0)
        {
            return new TicketWriteResult { TicketId = 0, Errors = [.. errors] };
        }

        var stored = new StoredTicket(id, ticket.RolloutProgress, ticket.History.Current?.EnteredAtUtc ?? _time.GetUtcNow(), ImmutableDictionary<string, string>.Empty, null);
        await SaveAsync(connection, transaction, stored with { Fields = StoredTicketFields.ToFields(ticket, stored.Fields) }, insert: true, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new TicketWriteResult { TicketId = id };
    }

    /// <summary>
    /// Writes fields of a ticket as <paramref name="writer"/>, in the order given, all or nothing: each write obeys the
    /// SPEC §3 rules (who may write the field, frozen provider fields, valid values), and a <c>RolloutProgress</c> value
    /// is a transition that the SPEC §2.1 table must allow for that actor.
    /// </summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="changes">The fields by §3 name and their new values (empty clears a field that may be empty).</param>
    /// <param name="writer">Who writes.</param>
    /// <param name="reason">The reason, for transitions that need one (rejections, ignores).</param>
    /// <param name="actorName">The person's name for the history; the writer's name when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What was done: the transition to post to the daemon when RolloutProgress changed, or every reason for refusing.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="changes"/> is <see langword="null"/>.</exception>
    public async ValueTask<TicketWriteResult> WriteAsync(
        int ticketId,
        IReadOnlyList<KeyValuePair<string, string>> changes,
        TicketWriter writer,
        string? reason,
        string? actorName,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        if (await ReadAsync(connection, transaction, ticketId, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return new TicketWriteResult { TicketId = ticketId, Errors = [$"There is no ticket #{ticketId}."] };
        }

        var ticket = _workflow.LoadTicket(StoredTicketFields.ToRecord(stored));
        var before = ticket.RolloutProgress;
        var errors = Apply(ticket, changes, writer, reason, actorName);
        if (errors.Count > 0)
        {
            return new TicketWriteResult { TicketId = ticketId, Errors = [.. errors] };
        }

        var moved = ticket.RolloutProgress != before;
        var saved = stored with
        {
            RolloutProgress = ticket.RolloutProgress,
            RolloutProgressSinceUtc = moved ? ticket.History.Current?.EnteredAtUtc ?? _time.GetUtcNow() : stored.RolloutProgressSinceUtc,
            Fields = StoredTicketFields.ToFields(ticket, stored.Fields),
            LastFailedTransition = ticket.LastFailedTransition,
        };
        await SaveAsync(connection, transaction, saved, insert: false, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new TicketWriteResult
        {
            TicketId = ticketId,
            Transition = moved ? new ProvisioningRequest(ticketId, before, ticket.RolloutProgress, ticket.EmergencyRelease) : null,
        };
    }

    /// <summary>
    /// Attaches a file to a ticket as <paramref name="writer"/>, replacing one of the same name. <c>release.xml</c> is the
    /// ReleaseMetadata field and obeys its rules (the SoftwareProvider's, frozen once the ticket left Submitted).
    /// </summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="name">The attachment's file name.</param>
    /// <param name="content">The file's content.</param>
    /// <param name="writer">Who attaches it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What was done, or why it was refused.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or holds a folder.</exception>
    public async ValueTask<TicketWriteResult> AttachAsync(int ticketId, string name, ReadOnlyMemory<byte> content, TicketWriter writer, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.IndexOfAny(['/', '\\']) >= 0)
        {
            throw new ArgumentException($"The attachment name '{name}' must be a file name without a folder.", nameof(name));
        }

        var metadata = string.Equals(name, "release.xml", StringComparison.Ordinal);
        var result = metadata
            ? await WriteAsync(ticketId, [new(StoredTicketFields.ReleaseMetadata, name)], writer, null, null, cancellationToken).ConfigureAwait(false)
            : await ExistsAsync(ticketId, cancellationToken).ConfigureAwait(false)
                ? new TicketWriteResult { TicketId = ticketId }
                : new TicketWriteResult { TicketId = ticketId, Errors = [$"There is no ticket #{ticketId}."] };
        if (!result.Succeeded)
        {
            return result;
        }

        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO swrel_ticket_attachments (ticket_id, name, content, added_at) VALUES ($id, $name, $content, $at)
            ON CONFLICT (ticket_id, name) DO UPDATE SET content = excluded.content, added_at = excluded.added_at;
            """;
        SqliteDatabase.Add(command, "$id", ticketId);
        SqliteDatabase.Add(command, "$name", name);
        SqliteDatabase.Add(command, "$content", content.ToArray());
        SqliteDatabase.Add(command, "$at", _time.GetUtcNow().UtcTicks);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Adds a comment by a named author.</summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="text">The comment.</param>
    /// <param name="author">Who writes it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when added; <see langword="false"/> when there is no such ticket.</returns>
    public async ValueTask<bool> AddCommentAsync(int ticketId, string text, string author, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(author);
        return await InsertCommentAsync(ticketId, text, author, null, cancellationToken).ConfigureAwait(false);
    }

    // One statement: the comment and its key are stored together or not at all.
    private async ValueTask<bool> InsertCommentAsync(int ticketId, string text, string author, TicketWriteKey? key, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO swrel_ticket_comments (ticket_id, added_at, author, text, write_key)
            SELECT $id, $at, $author, $text, $key WHERE EXISTS (SELECT 1 FROM swrel_tickets WHERE id = $id)
            ON CONFLICT (ticket_id, write_key) WHERE write_key IS NOT NULL DO NOTHING;
            """;
        SqliteDatabase.Add(command, "$id", ticketId);
        SqliteDatabase.Add(command, "$at", _time.GetUtcNow().UtcTicks);
        SqliteDatabase.Add(command, "$author", author);
        SqliteDatabase.Add(command, "$text", text);
        SqliteDatabase.Add(command, "$key", key?.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// Stores the daemon's answer to the last request in CommunicationStatus and, when it is <c>OK</c>, recomputes the
    /// ticket's CC groups for the state it is in (SPEC §4); on any other answer they stay.
    /// </summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="status">The answer: <c>OK</c> or the messages.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when stored; <see langword="false"/> when there is no such ticket.</returns>
    public async ValueTask<bool> SetCommunicationStatusAsync(int ticketId, string status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        if (await ReadAsync(connection, transaction, ticketId, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return false;
        }

        var ticket = _workflow.LoadTicket(StoredTicketFields.ToRecord(stored));
        _workflow.ApplyCommunicationStatus(ticket, _workflow.Notifications(ticket, ticket.RolloutProgress, reason: null), status);
        var fields = StoredTicketFields.ToFields(ticket, stored.Fields).SetItem(StoredTicketFields.CommunicationStatus, status);
        await SaveAsync(connection, transaction, stored with { Fields = fields }, insert: false, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Returns a ticket's comments, oldest first.</summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The comments; empty for a ticket without any (or no such ticket).</returns>
    public async ValueTask<IReadOnlyList<TicketComment>> GetCommentsAsync(int ticketId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT added_at, author, text FROM swrel_ticket_comments WHERE ticket_id = $id ORDER BY id;";
        SqliteDatabase.Add(command, "$id", ticketId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<TicketComment>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new TicketComment(new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero), reader.GetString(1), reader.GetString(2)));
        }

        return list;
    }

    /// <summary>Returns every field a ticket holds as text, by name (the SPEC §3 fields, Status, Owner, CommunicationStatus…).</summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The fields, or <see langword="null"/> when there is no such ticket.</returns>
    public async ValueTask<IReadOnlyDictionary<string, string>?> GetFieldsAsync(int ticketId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(connection, null, ticketId, cancellationToken).ConfigureAwait(false) is { } stored ? stored.Fields : null;
    }

    /// <summary>Returns the names of a ticket's attachments, in ordinal order.</summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The names; empty for a ticket without any (or no such ticket).</returns>
    public async ValueTask<IReadOnlyList<string>> GetAttachmentNamesAsync(int ticketId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM swrel_ticket_attachments WHERE ticket_id = $id ORDER BY name;";
        SqliteDatabase.Add(command, "$id", ticketId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(reader.GetString(0));
        }

        list.Sort(StringComparer.Ordinal);
        return list;
    }

    /// <inheritdoc/>
    public async ValueTask<TicketSnapshot?> GetTicketAsync(int ticketId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(connection, null, ticketId, cancellationToken).ConfigureAwait(false) is { } stored ? ToSnapshot(stored) : null;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<TicketSnapshot>> FindTicketsAsync(string majorRelease, RolloutProgress state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(majorRelease);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<int>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT t.id FROM swrel_tickets t JOIN swrel_ticket_fields f ON f.ticket_id = t.id AND f.name = $field
                WHERE t.rollout_progress = $state AND trim(f.value) = $major COLLATE NOCASE ORDER BY t.id;
                """;
            SqliteDatabase.Add(command, "$field", TicketField.AssociatedMajorRelease.ToName());
            SqliteDatabase.Add(command, "$state", state.ToName());
            SqliteDatabase.Add(command, "$major", majorRelease.Trim());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(reader.GetInt32(0));
            }
        }

        var found = new List<TicketSnapshot>(ids.Count);
        foreach (var id in ids)
        {
            if (await ReadAsync(connection, null, id, cancellationToken).ConfigureAwait(false) is { } stored && stored.RolloutProgress == state)
            {
                found.Add(ToSnapshot(stored));
            }
        }

        return found;
    }

    /// <inheritdoc/>
    public async ValueTask<Stream?> OpenAttachmentAsync(int ticketId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT content FROM swrel_ticket_attachments WHERE ticket_id = $id AND name = $name;";
        SqliteDatabase.Add(command, "$id", ticketId);
        SqliteDatabase.Add(command, "$name", name);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is byte[] content
            ? new MemoryStream(content, writable: false)
            : null;
    }

    /// <inheritdoc/>
    /// <remarks>The comment is by <c>Repo</c>; its key is kept in a unique column beside it, in the same statement.</remarks>
    /// <exception cref="KeyNotFoundException">There is no such ticket.</exception>
    public async ValueTask<bool> AddCommentAsync(int ticketId, string text, TicketWriteKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(key);
        if (await InsertCommentAsync(ticketId, text, RepoAuthor, key, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        return await ExistsAsync(ticketId, cancellationToken).ConfigureAwait(false)
            ? false
            : throw new KeyNotFoundException($"There is no ticket #{ticketId}.");
    }

    /// <inheritdoc/>
    public async ValueTask<bool> TrySetRolloutProgressAsync(
        int ticketId, RolloutProgress expected, RolloutProgress next, FailedTransition? failure, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        if (await ReadAsync(connection, transaction, ticketId, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            throw new KeyNotFoundException($"There is no ticket #{ticketId}.");
        }

        if (stored.RolloutProgress != expected)
        {
            return false;
        }

        // The daemon's own moves (rows 12, 15 and 20) are decided by the pipeline; the store records them with their history entry.
        var now = _time.GetUtcNow();
        var ticket = _workflow.LoadTicket(StoredTicketFields.ToRecord(stored));
        var history = ticket.History.Append(new SwRel.Domain.History.StateHistoryEntry(next, now, RepoAuthor));
        var fields = stored.Fields.SetItem(StoredTicketFields.StateHistory, history.ToCsv());
        var saved = stored with
        {
            RolloutProgress = next,
            RolloutProgressSinceUtc = now,
            Fields = fields,
            LastFailedTransition = next == RolloutProgress.Failed ? failure : stored.LastFailedTransition,
        };
        await SaveAsync(connection, transaction, saved, insert: false, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    public async ValueTask SetRepositoryUrlAsync(int ticketId, string? repositoryUrl, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = string.IsNullOrEmpty(repositoryUrl)
            ? "DELETE FROM swrel_ticket_fields WHERE ticket_id = $id AND name = $name;"
            : """
              INSERT INTO swrel_ticket_fields (ticket_id, name, value) SELECT $id, $name, $value WHERE EXISTS (SELECT 1 FROM swrel_tickets WHERE id = $id)
              ON CONFLICT (ticket_id, name) DO UPDATE SET value = excluded.value;
              """;
        SqliteDatabase.Add(command, "$id", ticketId);
        SqliteDatabase.Add(command, "$name", TicketField.RepositoryUrl.ToName());
        SqliteDatabase.Add(command, "$value", repositoryUrl);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The gateway's view: exactly the stored parts.</summary>
    private static TicketSnapshot ToSnapshot(StoredTicket stored) =>
        StoredTicketFields.ToSnapshot(stored);

    private List<string> Apply(Ticket ticket, IEnumerable<KeyValuePair<string, string>> changes, TicketWriter writer, string? reason, string? actorName)
    {
        var errors = new List<string>();
        foreach (var (name, value) in changes)
        {
            if (!StoredTicketFields.Writable.TryGetValue(name, out var field))
            {
                errors.Add(string.Equals(name, StoredTicketFields.StateHistory, StringComparison.OrdinalIgnoreCase)
                        || string.Equals(name, StoredTicketFields.CommunicationStatus, StringComparison.OrdinalIgnoreCase)
                    ? $"{name} is kept by the ticket store from the state changes and the daemon's answers; it cannot be written."
                    : $"'{name}' is not a ticket field; the fields are {string.Join(", ", StoredTicketFields.Writable.Keys.Order(StringComparer.Ordinal))}.");
                continue;
            }

            if (field != TicketField.RolloutProgress)
            {
                var written = _workflow.WriteField(ticket, field, value, writer);
                if (!written.Succeeded)
                {
                    errors.Add(written.Error!);
                }

                continue;
            }

            if (!RolloutProgressText.TryParse(value, out var target))
            {
                errors.Add(RolloutProgressText.UnknownStateMessage(value));
                continue;
            }

            if (writer == TicketWriter.SoftwareProvider)
            {
                errors.Add("SoftwareProvider may not change RolloutProgress; the transition table names VerificationTeam, StageRolloutTeam, Repo or Admin for each move.");
                continue;
            }

            var actor = writer switch
            {
                TicketWriter.StageRolloutTeam => RolloutActor.StageRolloutTeam,
                TicketWriter.Admin => RolloutActor.Admin,
                TicketWriter.Repo => RolloutActor.Repo,
                _ => RolloutActor.VerificationTeam,
            };
            var fired = _workflow.Fire(ticket, target, new TransitionContext(actor, reason, actorName));
            if (!fired.IsApplied)
            {
                errors.Add($"RolloutProgress {ticket.RolloutProgress.ToName()} -> {target.ToName()} is refused: {fired.Reason}.");
            }
        }

        return errors;
    }

    private static async Task AddCommentKeysAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        // A file made before comments had keys lacks the column; SQLite has no ADD COLUMN IF NOT EXISTS.
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('swrel_ticket_comments') WHERE name = 'write_key';";
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            command.CommandText = "ALTER TABLE swrel_ticket_comments ADD COLUMN write_key TEXT NULL;";
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException e) when (e.Message.Contains("duplicate column", StringComparison.OrdinalIgnoreCase))
            {
                // Another process sharing the file added it first.
            }
        }

        command.CommandText = CommentKeyIndex;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<bool> ExistsAsync(int ticketId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(connection, null, ticketId, cancellationToken).ConfigureAwait(false) is not null;
    }

    private static async ValueTask<int> NextIdAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(id), 0) + 1 FROM swrel_tickets;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async ValueTask<StoredTicket?> ReadAsync(SqliteConnection connection, SqliteTransaction? transaction, int ticketId, CancellationToken cancellationToken)
    {
        StoredTicket stored;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT rollout_progress, since_at, failed_from, failed_to, failed_message FROM swrel_tickets WHERE id = $id;";
            SqliteDatabase.Add(command, "$id", ticketId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var failed = reader.IsDBNull(2)
                ? null
                : new FailedTransition(RolloutProgressText.Parse(reader.GetString(2)), RolloutProgressText.Parse(reader.GetString(3)), reader.GetString(4));
            stored = new StoredTicket(
                ticketId,
                RolloutProgressText.Parse(reader.GetString(0)),
                new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
                ImmutableDictionary<string, string>.Empty,
                failed);
        }

        var fields = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.OrdinalIgnoreCase);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT name, value FROM swrel_ticket_fields WHERE ticket_id = $id;";
            SqliteDatabase.Add(command, "$id", ticketId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                fields[reader.GetString(0)] = reader.GetString(1);
            }
        }

        return stored with { Fields = fields.ToImmutable() };
    }

    private static async ValueTask SaveAsync(SqliteConnection connection, SqliteTransaction transaction, StoredTicket ticket, bool insert, CancellationToken cancellationToken)
    {
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = insert
                ? """
                  INSERT INTO swrel_tickets (id, rollout_progress, since_at, failed_from, failed_to, failed_message)
                  VALUES ($id, $state, $since, $from, $to, $message);
                  """
                : """
                  UPDATE swrel_tickets SET rollout_progress = $state, since_at = $since, failed_from = $from, failed_to = $to, failed_message = $message
                  WHERE id = $id;
                  DELETE FROM swrel_ticket_fields WHERE ticket_id = $id;
                  """;
            SqliteDatabase.Add(command, "$id", ticket.Id);
            SqliteDatabase.Add(command, "$state", ticket.RolloutProgress.ToName());
            SqliteDatabase.Add(command, "$since", ticket.RolloutProgressSinceUtc.UtcTicks);
            SqliteDatabase.Add(command, "$from", ticket.LastFailedTransition?.From.ToName());
            SqliteDatabase.Add(command, "$to", ticket.LastFailedTransition?.To.ToName());
            SqliteDatabase.Add(command, "$message", ticket.LastFailedTransition?.Message);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var (name, value) in ticket.Fields)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO swrel_ticket_fields (ticket_id, name, value) VALUES ($id, $name, $value);";
            SqliteDatabase.Add(command, "$id", ticket.Id);
            SqliteDatabase.Add(command, "$name", name);
            SqliteDatabase.Add(command, "$value", value);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
