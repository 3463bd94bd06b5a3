using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;

namespace SwRel.Pipeline;

/// <summary>The input of one <see cref="IRepositoryActions.RunAsync"/> call.</summary>
/// <remarks>Immutable.</remarks>
public sealed record RepositoryActionContext
{
    /// <summary>Gets the ticket as read just before the work.</summary>
    public required TicketSnapshot Ticket { get; init; }

    /// <summary>Gets the transition's source state.</summary>
    public required RolloutProgress From { get; init; }

    /// <summary>Gets the transition's target state.</summary>
    public required RolloutProgress To { get; init; }

    /// <summary>Gets the ticket system, for the ticket's attachments.</summary>
    public required ITicketGateway Gateway { get; init; }
}
