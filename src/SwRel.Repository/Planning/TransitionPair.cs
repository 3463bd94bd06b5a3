using SwRel.Domain.Workflow;

namespace SwRel.Repository.Planning;

/// <summary>A RolloutProgress transition as a (from, to) pair, for example the transition whose repository action failed.</summary>
/// <param name="From">The source state.</param>
/// <param name="To">The target state.</param>
/// <remarks>Immutable.</remarks>
public readonly record struct TransitionPair(RolloutProgress From, RolloutProgress To)
{
    /// <inheritdoc/>
    public override string ToString() => $"{From.ToName()} → {To.ToName()}";
}
