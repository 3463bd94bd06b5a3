namespace SwRel.Domain.Workflow;

/// <summary>What the repository does with a transition request (SPEC §12), as <see cref="RepositoryWorkflow"/> decides it.</summary>
public enum RepositoryDecisionKind
{
    /// <summary>Nothing to do and nothing to say: the repository's own change echoed back, or a request already carried out.</summary>
    Ignore = 0,

    /// <summary>Nothing to do: the ticket has moved on since the request; the ticket gets <see cref="RepositoryDecision.Comment"/>.</summary>
    IgnoreOutdated,

    /// <summary>Carry out the repository action of <see cref="RepositoryDecision.Rule"/> from <see cref="RepositoryDecision.From"/> to <see cref="RepositoryDecision.To"/>.</summary>
    Apply,

    /// <summary>Row 21: the ticket went back to where its failed transition started; the release is still where the failed action left it, so nothing moves.</summary>
    Revert,

    /// <summary>
    /// The request enters the stage-rollout slot: decide again with the major release's tickets
    /// (<see cref="RepositoryWorkflow.Decide"/>), under the slot's lock.
    /// </summary>
    ConsultSlot,

    /// <summary>Row 12b: the slot is taken, so move the ticket from StageRollout to Deferred and comment.</summary>
    Defer,

    /// <summary>Row 15: the slot is free, so carry out Deferred → StageRollout for the oldest Deferred ticket.</summary>
    MoveDeferredOn,

    /// <summary>Row 20: comment, and set the ticket to Failed with <see cref="RepositoryDecision.Failure"/>.</summary>
    Fail,
}
