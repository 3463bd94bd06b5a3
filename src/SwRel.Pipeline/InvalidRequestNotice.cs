using System.Collections.Immutable;

namespace SwRel.Pipeline;

/// <summary>
/// An invalid transition request that named a ticket, kept until the daemon has commented on that ticket (the ticket
/// system learns what was wrong, not only the caller that got the 400).
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record InvalidRequestNotice
{
    /// <summary>Gets the store's identifier of the notice (increasing in the order they were added).</summary>
    public required long NoticeId { get; init; }

    /// <summary>Gets the ticket the request named.</summary>
    public required int TicketId { get; init; }

    /// <summary>Gets every message the caller got.</summary>
    public required ImmutableArray<string> Errors { get; init; }

    /// <summary>Gets when the request was received.</summary>
    public required DateTimeOffset ReceivedAtUtc { get; init; }

    /// <summary>Gets the key of the comment about this notice, the same every time it is read, so that the ticket gets the comment once even when a crash comes between the comment and <see cref="IInvalidRequestNoticeStore.RemoveAsync"/>.</summary>
    public TicketWriteKey CommentKey => TicketWriteKey.ForNotice(NoticeId, ReceivedAtUtc);
}
