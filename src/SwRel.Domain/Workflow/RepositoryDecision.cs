using System.Collections.Immutable;

namespace SwRel.Domain.Workflow;

/// <summary>What the repository does for one ticket, decided by <see cref="RepositoryWorkflow"/> from the transition table; the pipeline carries it out.</summary>
/// <remarks>Immutable.</remarks>
public sealed record RepositoryDecision
{
    /// <summary>Gets what to do.</summary>
    public required RepositoryDecisionKind Kind { get; init; }

    /// <summary>Gets the ticket the decision is about.</summary>
    public required int TicketId { get; init; }

    /// <summary>
    /// Gets the source of the transition carried out (<see cref="RepositoryDecisionKind.Apply"/>: for a retry, the failed
    /// transition's source), moved (<see cref="RepositoryDecisionKind.Defer"/>, <see cref="RepositoryDecisionKind.MoveDeferredOn"/>)
    /// or failed (<see cref="RepositoryDecisionKind.Fail"/>).
    /// </summary>
    public RolloutProgress From { get; init; }

    /// <summary>Gets the transition's target; see <see cref="From"/>.</summary>
    public RolloutProgress To { get; init; }

    /// <summary>Gets the table row the decision follows: the row applied, 12b, 15, or 20 for a failure; <see langword="null"/> when ignored.</summary>
    public TransitionRule? Rule { get; init; }

    /// <summary>Gets what happened, in words, for the pipeline's report.</summary>
    public string Message { get; init; } = "";

    /// <summary>Gets the comment to add to the ticket, or <see langword="null"/> for none.</summary>
    public string? Comment { get; init; }

    /// <summary>
    /// Gets, for <see cref="RepositoryDecisionKind.Fail"/>, the failed transition to record as the ticket's last one;
    /// <see langword="null"/> when the ticket's earlier failure is unknown.
    /// </summary>
    public FailedTransition? Failure { get; init; }

    /// <summary>
    /// Gets, for <see cref="RepositoryDecisionKind.Fail"/>, the rows an admin may follow from Failed that can succeed
    /// (21 revert, 22 retry, 23 reject), in table order; the comment offers exactly these.
    /// </summary>
    public ImmutableArray<TransitionRule> FollowUps { get; init; } = ImmutableArray<TransitionRule>.Empty;

    /// <summary>
    /// Gets the major release whose stage-rollout slot the decision touches: carry it out (or, for
    /// <see cref="RepositoryDecisionKind.ConsultSlot"/>, decide it) under that slot's lock, then move the oldest
    /// Deferred ticket on (<see cref="RepositoryWorkflow.NextFromDeferred"/>). <see langword="null"/> when the slot is not touched.
    /// </summary>
    public string? SlotMajorRelease { get; init; }
}
