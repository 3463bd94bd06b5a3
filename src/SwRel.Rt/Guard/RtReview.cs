using SwRel.Domain.History;

namespace SwRel.Rt.Guard;

/// <summary>
/// The outcome of reviewing a request's change: the comment when it was set back, or else the person's state entry to record
/// in StateHistory (none when the change was the repository's own, which the gateway records as it writes it).
/// </summary>
internal readonly record struct RtReview(string? Refusal, StateHistoryEntry? Entry)
{
    public static RtReview Nothing => default;
}
