using System.Collections.Immutable;
using SwRel.Domain.History;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;

namespace SwRel.Testing;

/// <summary>
/// An <see cref="ITicketGateway"/> over tickets held in memory: for tests, the demo, and as the
/// model of what a real gateway must do.
/// </summary>
/// <remarks>
/// Besides the port, it lets the caller act as the ticket system's people: create tickets,
/// attach files and move tickets (<see cref="Move"/>, as a team does in the web interface). It
/// records every comment (once per <see cref="TicketWriteKey"/>) and every RolloutProgress change, the latter also in the ticket's StateHistory (the
/// pipeline's as entries by <c>Repo</c>), which it returns as a field. A ticket's last failed transition is
/// kept as <see cref="ITicketGateway"/> requires: set when the pipeline sets Failed, kept when the
/// ticket leaves Failed (by <see cref="Move"/> or by the pipeline), replaced by the next failure.
/// Thread-safe: one lock guards all state. Time comes from the <see cref="TimeProvider"/> given.
/// </remarks>
public sealed class InMemoryTicketGateway : ITicketGateway
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<int, Entry> _tickets = [];
    private readonly List<TicketChange> _changes = [];
    private int _nextId = 1;

    /// <summary>Creates a gateway without tickets.</summary>
    /// <param name="timeProvider">The clock that stamps state changes; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public InMemoryTicketGateway(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <summary>Gets every RolloutProgress change so far, in the order they happened.</summary>
    public IReadOnlyList<TicketChange> Changes
    {
        get
        {
            lock (_gate)
            {
                return [.. _changes];
            }
        }
    }

    /// <summary>Creates a ticket, as a software provider does.</summary>
    /// <param name="fields">The ticket's fields as text, by their SPEC §3 names (<see cref="TicketFieldText.ToName"/>).</param>
    /// <param name="attachments">The attachments by file name (for example <c>release.xml</c>); none when <see langword="null"/>.</param>
    /// <returns>The new ticket's number.</returns>
    public int CreateTicket(IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, byte[]>? attachments = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var entry = new Entry(_nextId++)
            {
                Fields = fields.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase),
                Since = now,
                History = StateHistory.Empty.Append(new StateHistoryEntry(RolloutProgress.Submitted, now.ToUniversalTime(), "SoftwareProvider")),
            };
            foreach (var (name, content) in attachments ?? ImmutableDictionary<string, byte[]>.Empty)
            {
                entry.Attachments[name] = [.. content];
            }

            _tickets.Add(entry.Id, entry);
            return entry.Id;
        }
    }

    /// <summary>Moves a ticket to another RolloutProgress as a person does, without any check (the pipeline checks when it processes the request); the last failed transition stays.</summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="to">The new RolloutProgress.</param>
    /// <param name="actor">Who moves it, as the StateHistory records it. Default: <c>Admin</c>.</param>
    /// <returns>The state the ticket left.</returns>
    /// <exception cref="KeyNotFoundException">There is no such ticket.</exception>
    public RolloutProgress Move(int ticketId, RolloutProgress to, string actor = "Admin")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        lock (_gate)
        {
            var entry = Find(ticketId);
            var from = entry.State;
            SetState(entry, to, actor);
            return from;
        }
    }

    /// <summary>Sets a field, as a person does.</summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="name">The field's name.</param>
    /// <param name="value">The value, or <see langword="null"/> to remove the field.</param>
    /// <exception cref="KeyNotFoundException">There is no such ticket.</exception>
    public void SetField(int ticketId, string name, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_gate)
        {
            var entry = Find(ticketId);
            entry.Fields = value is null ? entry.Fields.Remove(name) : entry.Fields.SetItem(name, value);
        }
    }

    /// <summary>Returns a ticket's fields as text, as a ticket system holds them, StateHistory among them.</summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <returns>The fields by their SPEC §3 names; what a gateway over a real ticket system passes to <see cref="TicketSnapshot.FromTicketSystem"/>.</returns>
    /// <exception cref="KeyNotFoundException">There is no such ticket.</exception>
    public IReadOnlyDictionary<string, string> Fields(int ticketId)
    {
        lock (_gate)
        {
            return Find(ticketId).RawFields();
        }
    }

    /// <summary>Returns a ticket's comments, oldest first.</summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <returns>The comments.</returns>
    /// <exception cref="KeyNotFoundException">There is no such ticket.</exception>
    public IReadOnlyList<string> Comments(int ticketId)
    {
        lock (_gate)
        {
            return [.. Find(ticketId).Comments];
        }
    }

    /// <inheritdoc/>
    public ValueTask<TicketSnapshot?> GetTicketAsync(int ticketId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_tickets.TryGetValue(ticketId, out var entry) ? entry.Snapshot() : null);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<TicketSnapshot>> FindTicketsAsync(string majorRelease, RolloutProgress state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(majorRelease);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var found = _tickets.Values
                .Where(e => e.State == state)
                .Select(e => e.Snapshot())
                .Where(t => string.Equals(t.AssociatedMajorRelease?.Name, majorRelease, StringComparison.OrdinalIgnoreCase))
                .ToArray();
            return ValueTask.FromResult<IReadOnlyList<TicketSnapshot>>(found);
        }
    }

    /// <inheritdoc/>
    public ValueTask<Stream?> OpenAttachmentAsync(int ticketId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var entry = Find(ticketId);
            return ValueTask.FromResult<Stream?>(
                entry.Attachments.TryGetValue(name, out var content) ? new MemoryStream(content, writable: false) : null);
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> AddCommentAsync(int ticketId, string text, TicketWriteKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var entry = Find(ticketId);
            if (!entry.CommentKeys.Add(key.Value))
            {
                return ValueTask.FromResult(false);
            }

            entry.Comments.Add(text);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> TrySetRolloutProgressAsync(
        int ticketId, RolloutProgress expected, RolloutProgress next, FailedTransition? failure, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var entry = Find(ticketId);
            if (entry.State != expected)
            {
                return ValueTask.FromResult(false);
            }

            SetState(entry, next, RepositoryActor);
            if (next == RolloutProgress.Failed)
            {
                // The ticket's last failed transition, kept until the next failure (see ITicketGateway).
                entry.Failure = failure;
            }

            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask SetRepositoryUrlAsync(int ticketId, string? repositoryUrl, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SetField(ticketId, TicketField.RepositoryUrl.ToName(), repositoryUrl);
        return ValueTask.CompletedTask;
    }

    private Entry Find(int ticketId) =>
        _tickets.TryGetValue(ticketId, out var entry) ? entry : throw new KeyNotFoundException($"There is no ticket #{ticketId}.");

    private const string RepositoryActor = "Repo";

    private void SetState(Entry entry, RolloutProgress to, string actor)
    {
        var now = _time.GetUtcNow();
        _changes.Add(new TicketChange { TicketId = entry.Id, From = entry.State, To = to, ByRepository = actor == RepositoryActor, AtUtc = now });
        entry.State = to;
        entry.Since = now;
        var last = entry.History.Current?.EnteredAtUtc ?? now;
        entry.History = entry.History.Append(new StateHistoryEntry(to, (now < last ? last : now).ToUniversalTime(), actor));
    }

    private sealed class Entry(int id)
    {
        public int Id { get; } = id;

        public RolloutProgress State { get; set; } = RolloutProgress.Submitted;

        public DateTimeOffset Since { get; set; }

        public ImmutableDictionary<string, string> Fields { get; set; } = ImmutableDictionary<string, string>.Empty;

        public Dictionary<string, byte[]> Attachments { get; } = new(StringComparer.Ordinal);

        public List<string> Comments { get; } = [];

        public HashSet<string> CommentKeys { get; } = new(StringComparer.Ordinal);

        public FailedTransition? Failure { get; set; }

        public StateHistory History { get; set; } = StateHistory.Empty;

        public ImmutableDictionary<string, string> RawFields() => Fields.SetItem(TicketField.StateHistory.ToName(), History.ToCsv());

        public TicketSnapshot Snapshot() => TicketSnapshot.FromTicketSystem(Id, State, Since, RawFields(), Failure);
    }
}
