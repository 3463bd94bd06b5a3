using SwRel.Domain.Workflow;

namespace SwRel.Pipeline;

/// <summary>A RolloutProgress change the pipeline made on a ticket as the Repo actor (Deferred, StageRollout from Deferred, Failed).</summary>
/// <remarks>Immutable.</remarks>
public sealed record PipelineTransition
{
    /// <summary>Gets the ticket's number.</summary>
    public required int TicketId { get; init; }

    /// <summary>Gets the state left.</summary>
    public required RolloutProgress From { get; init; }

    /// <summary>Gets the state entered.</summary>
    public required RolloutProgress To { get; init; }

    /// <summary>Gets the transition table row the change follows (12b, 15 or 20).</summary>
    public required TransitionRule Rule { get; init; }
}
