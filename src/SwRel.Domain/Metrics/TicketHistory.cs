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
        StageRolloutReportSetAtUtc = stageRolloutReportSetAtUtc?.ToUniversalTime();
    }

    /// <summary>Gets the ticket, trimmed.</summary>
    public string Ticket { get; }

    /// <summary>Gets the state entries in time order.</summary>
    public IReadOnlyList<StateHistoryEntry> Entries { get; }

    /// <summary>Gets when the StageRolloutReport field was first set, in UTC, or <see langword="null"/> if it never was.</summary>
    public DateTimeOffset? StageRolloutReportSetAtUtc { get; }
}
