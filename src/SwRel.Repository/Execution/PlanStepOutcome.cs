using System.Collections.Immutable;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Execution;

/// <summary>What the executor did (or, in a dry run, would do) for one step.</summary>
/// <remarks>Immutable.</remarks>
/// <param name="Index">The step's zero-based position in the plan.</param>
/// <param name="Step">The step.</param>
/// <param name="Status">What happened.</param>
/// <param name="Detail">A sentence for people, for example <c>copied 12 files to sw/unverified/…</c>.</param>
/// <param name="Paths">The repository paths the step created, replaced or removed (empty when nothing changed).</param>
public sealed record PlanStepOutcome(
    int Index,
    PlanStep Step,
    PlanStepStatus Status,
    string Detail,
    ImmutableArray<string> Paths);
