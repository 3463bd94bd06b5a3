using SwRel.Domain.Workflow;

namespace SwRel.Repository.Pipeline;

/// <summary>
/// The pipeline's port to the ticket system (an RT instance, a portal…): read a ticket's fields
/// and attachments, add a comment, set RolloutProgress and RepositoryURL (SPEC §12). The
/// pipeline acts through it as the <see cref="RolloutActor.Repo"/> actor.
/// </summary>
/// <remarks>
/// Implementations must be safe for concurrent use. Any exception they throw is treated as a
/// technical failure of the ticket system: the request stays queued and is retried.
/// </remarks>
public interface ITicketGateway
{
    /// <summary>Reads a ticket.</summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The ticket, or <see langword="null"/> when there is no such ticket.</returns>
    ValueTask<TicketSnapshot?> GetTicketAsync(int ticketId, CancellationToken cancellationToken);

    /// <summary>Finds the tickets of one major release that are in one RolloutProgress.</summary>
    /// <param name="majorRelease">The AssociatedMajorRelease, for example <c>umd-4</c> (compared case-insensitively).</param>
    /// <param name="state">The RolloutProgress.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The tickets, in any order.</returns>
    ValueTask<IReadOnlyList<TicketSnapshot>> FindTicketsAsync(string majorRelease, RolloutProgress state, CancellationToken cancellationToken);

    /// <summary>Opens one of a ticket's attachments for reading.</summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="name">The attachment's file name, for example <c>release.xml</c>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A stream the caller disposes, or <see langword="null"/> when the ticket has no such attachment.</returns>
    ValueTask<Stream?> OpenAttachmentAsync(int ticketId, string name, CancellationToken cancellationToken);

    /// <summary>Adds a comment to a ticket.</summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="text">The comment.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the comment is stored.</returns>
    ValueTask AddCommentAsync(int ticketId, string text, CancellationToken cancellationToken);

    /// <summary>Sets a ticket's RolloutProgress if, and only if, it is still <paramref name="expected"/> (compare and set).</summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="expected">The RolloutProgress the pipeline read.</param>
    /// <param name="next">The new RolloutProgress.</param>
    /// <param name="failure">When <paramref name="next"/> is Failed, the failed transition and its message to record; otherwise <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when set; <see langword="false"/> when the ticket was no longer in <paramref name="expected"/> (nothing changed).</returns>
    ValueTask<bool> TrySetRolloutProgressAsync(int ticketId, RolloutProgress expected, RolloutProgress next, FailedTransition? failure, CancellationToken cancellationToken);

    /// <summary>Sets or clears a ticket's RepositoryURL.</summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="repositoryUrl">The repository-relative path, or <see langword="null"/> to clear it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the field is stored.</returns>
    ValueTask SetRepositoryUrlAsync(int ticketId, string? repositoryUrl, CancellationToken cancellationToken);
}
