using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;

namespace SwRel.Pipeline;

/// <summary>
/// The pipeline's port to the ticket system (an RT instance, a portal…): read a ticket's fields
/// and attachments, add a comment, set RolloutProgress and RepositoryURL (SPEC §12). The
/// pipeline acts through it as the <see cref="RolloutActor.Repo"/> actor.
/// </summary>
/// <remarks>
/// <para>
/// Tickets are returned as SwRel.Domain's typed ticket: build each with
/// <see cref="TicketSnapshot.FromTicketSystem"/> from the ticket's number, RolloutProgress, when it entered it,
/// its fields as text by their SPEC §3 names (StateHistory among them) and its last failed transition.
/// </para>
/// <para>
/// Implementations must be safe for concurrent use. Any exception they throw is treated as a
/// technical failure of the ticket system: the request stays queued and is retried.
/// </para>
/// <para>
/// Every write must take effect once however often the pipeline makes it, since a request is processed again after a
/// crash: <see cref="TrySetRolloutProgressAsync"/> is a compare and set, <see cref="SetRepositoryUrlAsync"/> sets a value,
/// and <see cref="AddCommentAsync"/> stores at most one comment per <see cref="TicketWriteKey"/>.
/// </para>
/// <para>
/// The last failed transition: when the pipeline sets a ticket to Failed it passes the failed
/// transition (<see cref="TrySetRolloutProgressAsync"/>). The gateway keeps it as the ticket's
/// <em>last</em> failed transition and returns it in every <see cref="TicketSnapshot.LastFailedTransition"/>
/// from then on, also after a person has moved the ticket out of Failed, until the next failure
/// replaces it. The pipeline reads the request for a revert, retry or reject (rows 21 to 23) only
/// after the admin's move, when the ticket is no longer Failed, so a gateway that forgets the
/// failure on leaving Failed makes every revert and retry fail. Keep it in a field of its own
/// (for example an RT custom field) that moving the ticket does not touch.
/// </para>
/// </remarks>
public interface ITicketGateway
{
    /// <summary>Reads a ticket.</summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The ticket, with its last failed transition whatever its current state, or <see langword="null"/> when there is no such ticket.</returns>
    ValueTask<TicketSnapshot?> GetTicketAsync(int ticketId, CancellationToken cancellationToken);

    /// <summary>Finds the tickets of one major release that are in one RolloutProgress.</summary>
    /// <param name="majorRelease">The AssociatedMajorRelease, for example <c>umd-4</c> (compared case-insensitively).</param>
    /// <param name="state">The RolloutProgress.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The tickets, in any order, each with its last failed transition as <see cref="GetTicketAsync"/> returns it.</returns>
    ValueTask<IReadOnlyList<TicketSnapshot>> FindTicketsAsync(string majorRelease, RolloutProgress state, CancellationToken cancellationToken);

    /// <summary>Opens one of a ticket's attachments for reading.</summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="name">The attachment's file name, for example <c>release.xml</c>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A stream the caller disposes, or <see langword="null"/> when the ticket has no such attachment.</returns>
    ValueTask<Stream?> OpenAttachmentAsync(int ticketId, string name, CancellationToken cancellationToken);

    /// <summary>Adds a comment to a ticket, once per <paramref name="key"/>: when the ticket already holds a comment stored with that key, nothing is added.</summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="text">The comment.</param>
    /// <param name="key">
    /// Names this comment among the pipeline's writes to the ticket. The pipeline writes a comment again with the same key
    /// when it processes a request again (after a crash between the comment and the state change that follows it, a lost
    /// lease or a retry), and the ticket must still show it once.
    /// </param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the comment was added; <see langword="false"/> when the ticket already held a comment with <paramref name="key"/> (nothing changed).</returns>
    /// <remarks>
    /// Keep the key with the comment itself, in the same write (a unique column beside it, the comment's subject…), so that
    /// no crash can store the comment without its key; a comment stored without its key is repeated by the next attempt.
    /// The text of a second write with the same key may differ from the first (a failure message can change between
    /// attempts); the first one stays.
    /// </remarks>
    ValueTask<bool> AddCommentAsync(int ticketId, string text, TicketWriteKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Sets a ticket's RolloutProgress if, and only if, it is still <paramref name="expected"/> (compare and set), and
    /// appends the change to the ticket's StateHistory as an entry by <c>Repo</c> (SPEC §5: the repository's own changes are
    /// history entries like any other).
    /// </summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="expected">The RolloutProgress the pipeline read.</param>
    /// <param name="next">The new RolloutProgress.</param>
    /// <param name="failure">
    /// When <paramref name="next"/> is Failed, the failed transition and its message: store it as the ticket's last failed
    /// transition, replacing the one before, and keep it when the ticket later leaves Failed. <see langword="null"/> when
    /// <paramref name="next"/> is not Failed (the last failed transition stays as it is), or when the pipeline refuses a
    /// request from Failed whose failed transition the ticket system did not keep (the ticket then has none).
    /// </param>
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
