using SwRel.Domain.Tickets;
using SwRel.Pipeline;
using SwRel.Rt.Guard;
using SwRel.Rt.Notifications;

namespace SwRel.Rt;

/// <summary>
/// RT's part around the processing of each request: <see cref="RtChangeGuard"/> sets back a change the transition table
/// does not allow for the RT user who made it, a person's change that stands is recorded in StateHistory with the table's
/// actor, and <see cref="RtWatchers"/> sets the ticket's Cc and AdminCc groups, standing owner and mandatory watchers once
/// the repository answered OK.
/// </summary>
internal sealed class RtTicketChangeHooks(RtChangeGuard guard, RtTicketGateway gateway, RtWatchers watchers) : ITicketChangeHooks
{
    public async ValueTask<string?> ReviewAsync(ProvisioningRequest request, TicketSnapshot ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(ticket);
        var review = await guard.ReviewAsync(request, ticket, cancellationToken).ConfigureAwait(false);

        // Recorded before the repository acts, so that its own entries (Deferred, Failed) come after the person's.
        if (review.Entry is { } entry)
        {
            await gateway.RecordStateEntryAsync(request.TicketId, entry, cancellationToken).ConfigureAwait(false);
        }

        return review.Refusal;
    }

    public async ValueTask<string?> ReviewRefusedAsync(int ticketId, CancellationToken cancellationToken) =>
        await gateway.GetTicketAsync(ticketId, cancellationToken).ConfigureAwait(false) is { } ticket
            ? await guard.ReviewLatestAsync(ticket, cancellationToken).ConfigureAwait(false)
            : null;

    public async ValueTask ProcessedAsync(ProvisioningRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await watchers.UpdateAsync(request.TicketId, request.Current, cancellationToken).ConfigureAwait(false);
    }
}
