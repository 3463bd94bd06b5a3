using SwRel.Domain.Workflow;

namespace SwRel.Pipeline;

/// <summary>The input of one <see cref="IRepositoryActions.RunAsync"/> call.</summary>
/// <param name="Ticket">The ticket as read just before the work.</param>
/// <param name="From">The transition's source state.</param>
/// <param name="To">The transition's target state.</param>
/// <param name="Gateway">The ticket system, for the ticket's attachments.</param>
/// <remarks>Immutable.</remarks>
public sealed record RepositoryActionContext(TicketSnapshot Ticket, RolloutProgress From, RolloutProgress To, ITicketGateway Gateway);
