using System.Collections.Immutable;

namespace SwRel.Repository.Execution;

/// <summary>What applying one step gave: its outcome, or the conflicts it found late (and then the run rolls back).</summary>
internal readonly record struct StepResult(PlanStepOutcome? Outcome, ImmutableArray<PlanConflict> Conflicts)
{
    public static StepResult Done(PlanStepOutcome outcome) => new(outcome, []);

    public static StepResult Conflicting(IEnumerable<PlanConflict> conflicts) => new(null, [.. conflicts]);
}
