using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;

namespace SwRel.Pipeline;

/// <summary>Reads through an <see cref="ITicketGateway"/> what more than one reader needs in the same way.</summary>
public static class TicketGatewayExtensions
{
    /// <summary>
    /// Reads every ticket of a major release that matters to its stage-rollout slot: those in
    /// <see cref="StageRolloutSlot.RelevantStates"/>, for <see cref="StageRolloutSlot.Holds(TicketSnapshot)"/> and
    /// <see cref="StageRolloutSlot.WaitingLine"/>.
    /// </summary>
    /// <param name="gateway">The ticket system.</param>
    /// <param name="majorRelease">The AssociatedMajorRelease, for example <c>umd-4</c>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The tickets, one read per state.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static async ValueTask<IReadOnlyList<TicketSnapshot>> ReadStageRolloutSlotAsync(
        this ITicketGateway gateway, string majorRelease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(majorRelease);
        var tickets = new List<TicketSnapshot>();
        foreach (var state in StageRolloutSlot.RelevantStates)
        {
            tickets.AddRange(await gateway.FindTicketsAsync(majorRelease, state, cancellationToken).ConfigureAwait(false));
        }

        return tickets;
    }
}
