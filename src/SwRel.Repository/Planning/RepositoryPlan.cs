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
/// <remarks>Immutable. Two plans are equal when their states, targets and steps (in order) are equal.</remarks>
public sealed record RepositoryPlan(
    RolloutProgress From,
    RolloutProgress To,
    RepositoryPath? Target,
    ImmutableArray<PlanStep> Steps)
{
    /// <summary>Gets whether the plan has no step.</summary>
    public bool IsEmpty => Steps.IsDefaultOrEmpty;

    /// <summary>Returns whether <paramref name="other"/> has the same states, target and steps in the same order.</summary>
    /// <param name="other">The other plan.</param>
    /// <returns><see langword="true"/> when the plans are equal.</returns>
    public bool Equals(RepositoryPlan? other) =>
        other is not null
        && From == other.From
        && To == other.To
        && Target == other.Target
        && (Steps.IsDefaultOrEmpty ? other.Steps.IsDefaultOrEmpty : !other.Steps.IsDefault && Steps.SequenceEqual(other.Steps));

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(From);
        hash.Add(To);
        hash.Add(Target);
        if (!Steps.IsDefault)
        {
            foreach (var step in Steps)
            {
                hash.Add(step);
            }
        }

        return hash.ToHashCode();
    }
}
