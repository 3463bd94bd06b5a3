using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Testing;

namespace SwRel.Pipeline.Tests;

/// <summary>
/// A ticket gateway built the way one over a real ticket system (RT) is: the failed transition is
/// not an object the tickets carry but a text custom field, written when the pipeline sets Failed;
/// people move tickets by changing RolloutProgress only. With <see cref="KeepsFailure"/> off it
/// behaves as a gateway that followed the old wording ("the failed transition if the ticket is
/// Failed") and forgets the failure as soon as the ticket leaves Failed.
/// </summary>
internal sealed class TicketSystemGateway(InMemoryTicketGateway tickets) : ITicketGateway
{
    public const string FailureField = "LastFailedTransition";

    /// <summary>Gets or sets whether the last failed transition is returned after the ticket left Failed, as <see cref="ITicketGateway"/> requires.</summary>
    public bool KeepsFailure { get; set; } = true;

    public async ValueTask<TicketSnapshot?> GetTicketAsync(int ticketId, CancellationToken cancellationToken) =>
        await tickets.GetTicketAsync(ticketId, cancellationToken) is { } ticket ? Read(ticket) : null;

    public async ValueTask<IReadOnlyList<TicketSnapshot>> FindTicketsAsync(string majorRelease, RolloutProgress state, CancellationToken cancellationToken) =>
        [.. (await tickets.FindTicketsAsync(majorRelease, state, cancellationToken)).Select(Read)];

    public ValueTask<Stream?> OpenAttachmentAsync(int ticketId, string name, CancellationToken cancellationToken) =>
        tickets.OpenAttachmentAsync(ticketId, name, cancellationToken);

    public ValueTask<bool> AddCommentAsync(int ticketId, string text, TicketWriteKey key, CancellationToken cancellationToken) =>
        tickets.AddCommentAsync(ticketId, text, key, cancellationToken);

    public async ValueTask<bool> TrySetRolloutProgressAsync(
        int ticketId, RolloutProgress expected, RolloutProgress next, FailedTransition? failure, CancellationToken cancellationToken)
    {
        // The state and the custom field are two writes, as in RT; the in-memory ticket's own failure object is not used.
        if (!await tickets.TrySetRolloutProgressAsync(ticketId, expected, next, null, cancellationToken))
        {
            return false;
        }

        if (next == RolloutProgress.Failed)
        {
            tickets.SetField(ticketId, FailureField, failure is null ? null : $"{failure.From.ToName()}|{failure.To.ToName()}|{failure.Message}");
        }

        return true;
    }

    public ValueTask SetRepositoryUrlAsync(int ticketId, string? repositoryUrl, CancellationToken cancellationToken) =>
        tickets.SetRepositoryUrlAsync(ticketId, repositoryUrl, cancellationToken);

    private TicketSnapshot Read(TicketSnapshot ticket)
    {
        // As a gateway over RT does: the raw fields, the failure read from its own field, one call into the Domain.
        var fields = tickets.Fields(ticket.Id);
        FailedTransition? failure = null;
        if (fields.TryGetValue(FailureField, out var text) && (KeepsFailure || ticket.RolloutProgress == RolloutProgress.Failed))
        {
            var parts = text.Split('|', 3);
            failure = new FailedTransition(RolloutProgressText.Parse(parts[0]), RolloutProgressText.Parse(parts[1]), parts[2]);
        }

        return TicketSnapshot.FromTicketSystem(ticket.Id, ticket.RolloutProgress, ticket.RolloutProgressSinceUtc, fields, failure);
    }
}
