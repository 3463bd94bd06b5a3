using System.Collections.Immutable;

namespace SwRel.Repository.Execution;

/// <summary>The outcome of applying (or dry-running) a plan.</summary>
/// <param name="DryRun">Whether this was a dry run (nothing changed).</param>
/// <param name="Recovery">What was done about an interrupted earlier run before this one started.</param>
/// <param name="Steps">One outcome per step, in plan order; for an apply with conflicts, empty (nothing changed); for a dry run, every step.</param>
/// <param name="Conflicts">The conflicts found; when any, nothing changed.</param>
/// <remarks>Immutable.</remarks>
public sealed record PlanExecutionResult(
    bool DryRun,
    JournalRecovery Recovery,
    ImmutableArray<PlanStepOutcome> Steps,
    ImmutableArray<PlanConflict> Conflicts)
{
    /// <summary>Gets whether the plan was applied (or, in a dry run, could be): there is no conflict.</summary>
    public bool Succeeded => Conflicts.IsDefaultOrEmpty;

    /// <summary>Gets whether any step changed (or, in a dry run, would change) the repository.</summary>
    public bool Changed => !Steps.IsDefaultOrEmpty && Steps.Any(s => s.Status is PlanStepStatus.Applied or PlanStepStatus.WouldApply);
}
