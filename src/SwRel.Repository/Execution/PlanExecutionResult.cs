using System.Collections.Immutable;

namespace SwRel.Repository.Execution;

/// <summary>The outcome of applying (or dry-running) a plan.</summary>
/// <remarks>Immutable; made by the executor only.</remarks>
public sealed record PlanExecutionResult
{
    internal PlanExecutionResult(bool dryRun, JournalRecovery recovery, ImmutableArray<PlanStepOutcome> steps, ImmutableArray<PlanConflict> conflicts)
    {
        DryRun = dryRun;
        Recovery = recovery;
        Steps = steps;
        Conflicts = conflicts;
    }

    /// <summary>Gets whether this was a dry run (nothing changed).</summary>
    public bool DryRun { get; }

    /// <summary>Gets what was done about an interrupted earlier run before this one started.</summary>
    public JournalRecovery Recovery { get; }

    /// <summary>Gets one outcome per step, in plan order; for an apply with conflicts, empty (nothing changed); for a dry run, every step.</summary>
    public ImmutableArray<PlanStepOutcome> Steps { get; }

    /// <summary>Gets the conflicts found; when any, nothing changed.</summary>
    public ImmutableArray<PlanConflict> Conflicts { get; }

    /// <summary>Gets whether the plan was applied (or, in a dry run, could be): there is no conflict.</summary>
    public bool Succeeded => Conflicts.IsDefaultOrEmpty;

    /// <summary>Gets whether any step changed (or, in a dry run, would change) the repository.</summary>
    public bool Changed => !Steps.IsDefaultOrEmpty && Steps.Any(s => s.Status is PlanStepStatus.Applied or PlanStepStatus.WouldApply);
}
