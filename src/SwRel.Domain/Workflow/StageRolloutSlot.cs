using SwRel.Domain.Tickets;

namespace SwRel.Domain.Workflow;

/// <summary>
/// Who holds the stage-rollout slot of a major release (SPEC §2.1: at most one release per AssociatedMajorRelease is in
/// StageRollout at a time): the one definition that <see cref="IStageRolloutSlots"/> implementations and the repository
/// pipeline share.
/// </summary>
/// <remarks>
/// A ticket holds its major release's slot when it is in StageRollout, or when it is Failed and its failed transition
/// started from StageRollout: its release is still in the stage-rollout area, and a revert (row 21) puts it back into
/// StageRollout without asking for the slot again. It frees the slot when it leaves Failed for anything but StageRollout
/// (a retry out of StageRollout, or a reject). Thread-safe.
/// </remarks>
public static class StageRolloutSlot
{
    /// <summary>Returns whether a ticket in <paramref name="state"/> with <paramref name="lastFailedTransition"/> holds its major release's slot.</summary>
    /// <param name="state">The ticket's RolloutProgress.</param>
    /// <param name="lastFailedTransition">The ticket's last failed transition, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> in StageRollout, and in Failed after a failure that started from StageRollout.</returns>
    public static bool Holds(RolloutProgress state, FailedTransition? lastFailedTransition) =>
        state == RolloutProgress.StageRollout
        || (state == RolloutProgress.Failed && lastFailedTransition?.From == RolloutProgress.StageRollout);

    /// <summary>Returns whether <paramref name="ticket"/> holds its major release's slot.</summary>
    /// <param name="ticket">The ticket.</param>
    /// <returns>See <see cref="Holds(RolloutProgress, FailedTransition?)"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ticket"/> is null.</exception>
    public static bool Holds(TicketSnapshot ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return Holds(ticket.RolloutProgress, ticket.LastFailedTransition);
    }

    /// <summary>Returns whether <paramref name="ticket"/> holds its major release's slot.</summary>
    /// <param name="ticket">The ticket.</param>
    /// <returns>See <see cref="Holds(RolloutProgress, FailedTransition?)"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ticket"/> is null.</exception>
    public static bool Holds(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return Holds(ticket.RolloutProgress, ticket.LastFailedTransition);
    }

    /// <summary>Returns a major release's waiting line: its Deferred tickets, oldest first (row 15 moves the first one on).</summary>
    /// <param name="majorReleaseTickets">Tickets of one major release, in any states and order.</param>
    /// <returns>The Deferred tickets by when they entered Deferred, then by number.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="majorReleaseTickets"/> is null.</exception>
    public static IEnumerable<TicketSnapshot> WaitingLine(IEnumerable<TicketSnapshot> majorReleaseTickets)
    {
        ArgumentNullException.ThrowIfNull(majorReleaseTickets);
        return majorReleaseTickets
            .Where(t => t.RolloutProgress == RolloutProgress.Deferred)
            .OrderBy(t => t.RolloutProgressSinceUtc)
            .ThenBy(t => t.Id);
    }

    /// <summary>Gets the states in which a ticket of a major release matters to its slot: the holders' and the waiting line's.</summary>
    /// <remarks>StageRollout and Failed (the holders), then Deferred (the line, oldest first, row 15).</remarks>
    public static IReadOnlyList<RolloutProgress> RelevantStates { get; } =
        [RolloutProgress.StageRollout, RolloutProgress.Failed, RolloutProgress.Deferred];
}
