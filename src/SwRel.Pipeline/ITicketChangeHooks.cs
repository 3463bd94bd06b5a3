using SwRel.Domain.Tickets;

namespace SwRel.Pipeline;

/// <summary>
/// What a ticket system adds around the processing of a request: a review of the person's change before the repository
/// acts on it, and the people and groups the ticket system tells once the repository has answered (SPEC §4).
/// </summary>
/// <remarks>
/// <para>
/// Optional: a ticket system whose own write rules already decide who may move a ticket (the embedded ticket store checks
/// the actor before it posts) registers none, and the processor then acts on every request as it is. A ticket system whose
/// rights cannot say who may make which move (Request Tracker's rights are per field) implements the review.
/// </para>
/// <para>
/// Implementations must be safe for concurrent use. Any exception they throw is a failure of the ticket system: the
/// request stays queued and is retried, as for <see cref="ITicketGateway"/>.
/// </para>
/// </remarks>
public interface ITicketChangeHooks
{
    /// <summary>Reviews the change a request reports, before the repository acts on it.</summary>
    /// <param name="request">The request, as queued.</param>
    /// <param name="ticket">The request's ticket, as read just now.</param>
    /// <param name="cancellationToken">Cancels the review.</param>
    /// <returns>
    /// <see langword="null"/> when the change stands; otherwise why it does not, after the ticket system set it back and
    /// said so on the ticket. The repository then does nothing for the request.
    /// </returns>
    ValueTask<string?> ReviewAsync(ProvisioningRequest request, TicketSnapshot ticket, CancellationToken cancellationToken);

    /// <summary>
    /// Reviews the ticket's latest change after the daemon refused the request posted for it as invalid (a move the
    /// transition table has for nobody never reaches the queue), so that the ticket system can set it back like any other
    /// change the table does not allow.
    /// </summary>
    /// <param name="ticketId">The ticket the invalid request named.</param>
    /// <param name="cancellationToken">Cancels the review.</param>
    /// <returns>
    /// <see langword="null"/> when the latest change stands (the default: a ticket system that checks moves before they are
    /// made has nothing to set back); otherwise why not, after the ticket system set it back and said so on the ticket.
    /// </returns>
    ValueTask<string?> ReviewRefusedAsync(int ticketId, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

    /// <summary>Called once the repository has finished with a request (done, deferred, failed or nothing to do), for the ticket system to set who it tells about the ticket's state.</summary>
    /// <param name="request">The request, as queued.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>A task that completes when the ticket system is updated.</returns>
    ValueTask ProcessedAsync(ProvisioningRequest request, CancellationToken cancellationToken);
}
