using SwRel.Domain.Workflow;

namespace SwRel.Testing;

/// <summary>One RolloutProgress change recorded by an <see cref="InMemoryTicketGateway"/>.</summary>
/// <param name="TicketId">The ticket's number.</param>
/// <param name="From">The state left.</param>
/// <param name="To">The state entered.</param>
/// <param name="ByRepository">Whether the pipeline made the change (otherwise a person did, through <see cref="InMemoryTicketGateway.Move"/>).</param>
/// <param name="AtUtc">When.</param>
/// <remarks>Immutable.</remarks>
public sealed record TicketChange(int TicketId, RolloutProgress From, RolloutProgress To, bool ByRepository, DateTimeOffset AtUtc);
