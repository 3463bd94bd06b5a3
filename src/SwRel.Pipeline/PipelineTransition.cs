using SwRel.Domain.Workflow;

namespace SwRel.Pipeline;

/// <summary>A RolloutProgress change the pipeline made on a ticket as the Repo actor (Deferred, StageRollout from Deferred, Failed).</summary>
/// <param name="TicketId">The ticket's number.</param>
/// <param name="From">The state left.</param>
/// <param name="To">The state entered.</param>
/// <param name="Rule">The SPEC §2.1 row, 12, 15 or 20.</param>
/// <remarks>Immutable.</remarks>
public sealed record PipelineTransition(int TicketId, RolloutProgress From, RolloutProgress To, int Rule);
