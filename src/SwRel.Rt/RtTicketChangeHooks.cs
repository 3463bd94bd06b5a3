using SwRel.Domain.Tickets;
using SwRel.Pipeline;
using SwRel.Rt.Guard;
using SwRel.Rt.Notifications;

namespace SwRel.Rt;

/// <summary>
/// RT's part around the processing of each request: <see cref="RtChangeGuard"/> sets back a change the transition table
/// does not allow for the RT user who made it, and <see cref="RtWatchers"/> sets the ticket's Cc and AdminCc groups, standing
/// owner and mandatory watchers once the repository answered OK.
/// </summary>
internal sealed class RtTicketChangeHooks(RtChangeGuard guard, RtWatchers watchers) : ITicketChangeHooks
{
    public async ValueTask<string?> ReviewAsync(ProvisioningRequest request, TicketSnapshot ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(ticket);
        return await guard.ReviewAsync(request, ticket, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask ProcessedAsync(ProvisioningRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await watchers.UpdateAsync(request.TicketId, request.Current, cancellationToken).ConfigureAwait(false);
    }
}
