namespace SwRel.Domain.Workflow;

/// <summary>Whether a transition may happen, by which table row, or why not.</summary>
/// <param name="From">The ticket's state when asked.</param>
/// <param name="To">The requested target.</param>
/// <param name="Rule">The row that permits the transition; <see langword="null"/> when refused.</param>
/// <param name="Reason">Why the transition is refused, in words an operator understands; <see langword="null"/> when permitted.</param>
public readonly record struct TransitionDecision(RolloutProgress From, RolloutProgress To, TransitionRule? Rule, string? Reason)
{
    /// <summary>Gets whether the transition is permitted.</summary>
    public bool IsPermitted => Rule is not null;
}
