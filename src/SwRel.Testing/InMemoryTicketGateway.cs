using System.Collections.Immutable;
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
/// records every comment and every RolloutProgress change. A ticket's last failed transition is
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
    /// <param name="fields">The ticket's fields (<see cref="TicketFieldNames"/>).</param>
    /// <param name="attachments">The attachments by file name (for example <c>release.xml</c>); none when <see langword="null"/>.</param>
    /// <returns>The new ticket's number.</returns>
    public int CreateTicket(IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, byte[]>? attachments = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        lock (_gate)
        {
            var entry = new Entry(_nextId++)
            {
                Fields = fields.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase),
                Since = _time.GetUtcNow(),
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
    /// <returns>The state the ticket left.</returns>
    /// <exception cref="KeyNotFoundException">There is no such ticket.</exception>
    public RolloutProgress Move(int ticketId, RolloutProgress to)
    {
        lock (_gate)
        {
            var entry = Find(ticketId);
            var from = entry.State;
            SetState(entry, to, byRepository: false);
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
                .Where(e => e.State == state
                    && e.Fields.TryGetValue(TicketFieldNames.AssociatedMajorRelease, out var value)
                    && string.Equals(value.Trim(), majorRelease, StringComparison.OrdinalIgnoreCase))
                .Select(e => e.Snapshot()!)
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
    public ValueTask AddCommentAsync(int ticketId, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            Find(ticketId).Comments.Add(text);
        }

        return ValueTask.CompletedTask;
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

            SetState(entry, next, byRepository: true);
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
        SetField(ticketId, TicketFieldNames.RepositoryUrl, repositoryUrl);
        return ValueTask.CompletedTask;
    }

    private Entry Find(int ticketId) =>
        _tickets.TryGetValue(ticketId, out var entry) ? entry : throw new KeyNotFoundException($"There is no ticket #{ticketId}.");

    private void SetState(Entry entry, RolloutProgress to, bool byRepository)
    {
        var now = _time.GetUtcNow();
        _changes.Add(new TicketChange(entry.Id, entry.State, to, byRepository, now));
        entry.State = to;
        entry.Since = now;
    }

    private sealed class Entry(int id)
    {
        public int Id { get; } = id;

        public RolloutProgress State { get; set; } = RolloutProgress.Submitted;

        public DateTimeOffset Since { get; set; }

        public ImmutableDictionary<string, string> Fields { get; set; } = ImmutableDictionary<string, string>.Empty;

        public Dictionary<string, byte[]> Attachments { get; } = new(StringComparer.Ordinal);

        public List<string> Comments { get; } = [];

        public FailedTransition? Failure { get; set; }

        public TicketSnapshot Snapshot() => new(Id, State, Since, Fields, Failure);
    }
}
