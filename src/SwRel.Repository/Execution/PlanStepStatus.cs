namespace SwRel.Repository.Execution;

/// <summary>What happened to one step of a plan.</summary>
public enum PlanStepStatus
{
    /// <summary>The step changed the repository.</summary>
    Applied = 0,

    /// <summary>The repository already held the step's result; nothing changed (a re-run).</summary>
    AlreadyApplied,

    /// <summary>The step was handed to the caller's <see cref="IPlanStepHandler"/> (fetch, verify, refresh-index, set-repository-url).</summary>
    Delegated,

    /// <summary>Dry run: the step would change the repository.</summary>
    WouldApply,

    /// <summary>Dry run: the step would be handed to the caller's handler.</summary>
    WouldDelegate,
}
