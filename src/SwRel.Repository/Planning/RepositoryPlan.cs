using System.Collections.Immutable;
using SwRel.Domain.Workflow;

namespace SwRel.Repository.Planning;

/// <summary>
/// The ordered repository work for one RolloutProgress transition of one release (SPEC §11).
/// </summary>
/// <param name="From">The transition's source state.</param>
/// <param name="To">The transition's target state.</param>
/// <param name="Target">The path the release occupies after the transition, or <see langword="null"/> when it leaves the repository.</param>
/// <param name="Steps">The steps, in the order they run; empty for transitions that need no repository work.</param>
public sealed record RepositoryPlan(
    RolloutProgress From,
    RolloutProgress To,
    RepositoryPath? Target,
    ImmutableArray<PlanStep> Steps)
{
    /// <summary>Gets whether the plan has no step.</summary>
    public bool IsEmpty => Steps.IsDefaultOrEmpty;
}
