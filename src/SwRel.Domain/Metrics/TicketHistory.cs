using SwRel.Domain.History;

namespace SwRel.Domain.Metrics;

/// <summary>What the metrics need to know about one ticket: its state history and when its StageRolloutReport was set.</summary>
/// <remarks>
/// The entries are kept in time order: the constructor sorts them by <see cref="StateHistoryEntry.EnteredAtUtc"/>,
/// keeping the given order for equal times, and converts every time to UTC. Immutable.
/// </remarks>
public sealed class TicketHistory
{
    /// <summary>Creates a ticket history.</summary>
    /// <param name="ticket">The ticket, for example <c>4711</c>.</param>
    /// <param name="entries">The ticket's state entries (SPEC §5), in any order.</param>
    /// <param name="stageRolloutReportSetAtUtc">When the StageRolloutReport field was first set, or <see langword="null"/> if it never was.</param>
    /// <exception cref="ArgumentNullException"><paramref name="ticket"/> or <paramref name="entries"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="ticket"/> is empty or white space, or an entry's actor is <see langword="null"/>.</exception>
    public TicketHistory(string ticket, IEnumerable<StateHistoryEntry> entries, DateTimeOffset? stageRolloutReportSetAtUtc = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ticket);
        ArgumentNullException.ThrowIfNull(entries);
        var list = new List<StateHistoryEntry>();
        foreach (var entry in entries)
        {
            if (entry.Actor is null)
            {
                throw new ArgumentException($"Ticket {ticket}: a state entry has no actor.", nameof(entries));
            }

            list.Add(entry with { EnteredAtUtc = entry.EnteredAtUtc.ToUniversalTime() });
        }

        Ticket = ticket.Trim();
        Entries = [.. list.Select((e, i) => (e, i)).OrderBy(p => p.e.EnteredAtUtc).ThenBy(p => p.i).Select(p => p.e)];
        CompletedEntries = CompletedTransitions.Reduce(Entries);
        StageRolloutReportSetAtUtc = stageRolloutReportSetAtUtc?.ToUniversalTime();
    }

    /// <summary>Gets the ticket, trimmed.</summary>
    public string Ticket { get; }

    /// <summary>Gets the state entries in time order.</summary>
    public IReadOnlyList<StateHistoryEntry> Entries { get; }

    /// <summary>Gets the state entries of the transitions that completed: every failed repository action reduced, no Failed entry.</summary>
    /// <remarks>
    /// A failure reads <c>W, X, Failed, Y</c> (a person moved the ticket <c>W → X</c>, the repository failed it, the
    /// admin chose <c>Y</c>). A retry (<c>Y = X</c>) keeps <c>W, X</c> with <c>X</c> at the retry's time; a revert
    /// (<c>Y = W</c>) keeps only <c>W</c>, at its original time; <c>Y = Rejected</c> gives <c>W, Rejected</c>; a history
    /// ending in Failed drops its <c>X</c>. See <c>docs/metrics.md</c>. Without Failed entries this is <see cref="Entries"/>.
    /// </remarks>
    public IReadOnlyList<StateHistoryEntry> CompletedEntries { get; }

    /// <summary>Gets when the StageRolloutReport field was first set, in UTC, or <see langword="null"/> if it never was.</summary>
    public DateTimeOffset? StageRolloutReportSetAtUtc { get; }
}
