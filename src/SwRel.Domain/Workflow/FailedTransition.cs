namespace SwRel.Domain.Workflow;

/// <summary>The transition whose repository action failed, recorded when a ticket enters Failed (SPEC §2.1, row 20).</summary>
/// <param name="From">The state the failed transition started from; row 21 (revert) returns there.</param>
/// <param name="To">The state the failed transition entered; row 22 (retry) goes there again.</param>
/// <param name="Message">What went wrong, as the repository reported it.</param>
public sealed record FailedTransition(RolloutProgress From, RolloutProgress To, string Message);
