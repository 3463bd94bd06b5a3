namespace SwRel.Pipeline;

/// <summary>
/// Where the daemon keeps invalid requests that name a ticket until it has commented on that ticket
/// (<see cref="InvalidRequestNotice"/>): the API adds them, the processor comments and removes them.
/// </summary>
/// <remarks>
/// <para>
/// A durable store (SwRel.Pipeline.Sqlite keeps them in the request queue's database) keeps a notice through a crash, so
/// that the comment is written after the restart; the comment's <see cref="InvalidRequestNotice.CommentKey"/> makes a
/// comment written just before a crash count once. A store may be bounded and drop its oldest notices when full: the
/// caller got the messages in the answer anyway.
/// </para>
/// <para>Implementations are safe for concurrent use.</para>
/// </remarks>
public interface IInvalidRequestNoticeStore
{
    /// <summary>Keeps a notice; it is stored when the task completes.</summary>
    /// <param name="ticketId">The ticket the request named (positive).</param>
    /// <param name="errors">Every message the caller got.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The notice as stored.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="errors"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ticketId"/> is not positive.</exception>
    ValueTask<InvalidRequestNotice> AddAsync(int ticketId, IReadOnlyList<string> errors, CancellationToken cancellationToken);

    /// <summary>Lists the oldest notices still kept.</summary>
    /// <param name="max">How many at most (positive).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The notices, oldest first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="max"/> is not positive.</exception>
    ValueTask<IReadOnlyList<InvalidRequestNotice>> ListAsync(int max, CancellationToken cancellationToken);

    /// <summary>Removes a notice once its ticket has the comment (or there is no such ticket).</summary>
    /// <param name="noticeId">The notice's identifier.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when removed; <see langword="false"/> when it was no longer kept.</returns>
    ValueTask<bool> RemoveAsync(long noticeId, CancellationToken cancellationToken);
}
