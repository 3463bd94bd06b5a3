using System.Collections.Immutable;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Execution;

/// <summary>What the executor did (or, in a dry run, would do) for one step.</summary>
/// <remarks>Immutable; made by the executor only.</remarks>
public sealed record PlanStepOutcome
{
    internal PlanStepOutcome(int index, PlanStep step, PlanStepStatus status, string detail, ImmutableArray<string> paths)
    {
        Index = index;
        Step = step;
        Status = status;
        Detail = detail;
        Paths = paths;
    }

    /// <summary>Gets the step's zero-based position in the plan.</summary>
    public int Index { get; }

    /// <summary>Gets the step.</summary>
    public PlanStep Step { get; }

    /// <summary>Gets what happened.</summary>
    public PlanStepStatus Status { get; }

    /// <summary>Gets a sentence for people, for example <c>copied 12 files to sw/unverified/…</c>.</summary>
    public string Detail { get; }

    /// <summary>Gets the repository paths the step created, replaced or removed (empty when nothing changed).</summary>
    public ImmutableArray<string> Paths { get; }
}
