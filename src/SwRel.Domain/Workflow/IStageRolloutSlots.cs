namespace SwRel.Domain.Workflow;

/// <summary>
/// The port through which the workflow asks whether the stage-rollout slot of a major release is
/// taken (SPEC §2.1: at most one ticket per AssociatedMajorRelease is in StageRollout at a time); who holds
/// it is defined once, by <see cref="StageRolloutSlot"/>.
/// </summary>
/// <remarks>
/// An integrator answers it from its ticket database; <see cref="InMemoryStageRolloutSlots"/> serves
/// tests and single-process tools. Implementations must be safe to call from several threads.
/// </remarks>
public interface IStageRolloutSlots
{
    /// <summary>
    /// Returns whether a ticket other than <paramref name="ticketId"/> of <paramref name="majorRelease"/> holds the slot, as
    /// <see cref="StageRolloutSlot.Holds(Tickets.TicketSnapshot)"/> defines it: it is in StageRollout, or Failed after a
    /// failure that started from StageRollout.
    /// </summary>
    /// <param name="majorRelease">The AssociatedMajorRelease name, for example <c>umd-4</c>.</param>
    /// <param name="ticketId">The ticket asking; its own presence in StageRollout does not count.</param>
    /// <returns><see langword="true"/> when the slot is taken by another ticket.</returns>
    bool IsTaken(string majorRelease, int ticketId);
}
