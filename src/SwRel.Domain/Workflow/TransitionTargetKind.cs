namespace SwRel.Domain.Workflow;

/// <summary>How a row of the transition table names its target state.</summary>
public enum TransitionTargetKind
{
    /// <summary>The row names a fixed state (<see cref="TransitionRule.To"/>).</summary>
    Fixed = 0,

    /// <summary>The target is the source of the transition that failed (row 21, revert).</summary>
    FailedTransitionSource,

    /// <summary>The target is the target of the transition that failed (row 22, retry).</summary>
    FailedTransitionTarget,
}
