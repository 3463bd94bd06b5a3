using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;

namespace SwRel.Pipeline.Tests;

/// <summary>
/// A ticket gateway that holds the first two stage-rollout slot checks until both have arrived (or
/// a moment has passed), so that two processors without mutual exclusion would decide at once.
/// </summary>
internal sealed class RendezvousGateway(ITicketGateway inner) : ITicketGateway
{
    private readonly TaskCompletionSource _bothArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrivals;

    public ValueTask<TicketSnapshot?> GetTicketAsync(int ticketId, CancellationToken cancellationToken) => inner.GetTicketAsync(ticketId, cancellationToken);

    public async ValueTask<IReadOnlyList<TicketSnapshot>> FindTicketsAsync(string majorRelease, RolloutProgress state, CancellationToken cancellationToken)
    {
        if (state == RolloutProgress.StageRollout && Interlocked.Increment(ref _arrivals) <= 2)
        {
            if (Volatile.Read(ref _arrivals) >= 2)
            {
                _bothArrived.TrySetResult();
            }

            // With the slot lock the second processor never gets here while the first waits, so the wait must end by itself.
            await Task.WhenAny(_bothArrived.Task, Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken));
        }

        return await inner.FindTicketsAsync(majorRelease, state, cancellationToken);
    }

    public ValueTask<Stream?> OpenAttachmentAsync(int ticketId, string name, CancellationToken cancellationToken) =>
        inner.OpenAttachmentAsync(ticketId, name, cancellationToken);

    public ValueTask<bool> AddCommentAsync(int ticketId, string text, TicketWriteKey key, CancellationToken cancellationToken) => inner.AddCommentAsync(ticketId, text, key, cancellationToken);

    public ValueTask<bool> TrySetRolloutProgressAsync(
        int ticketId, RolloutProgress expected, RolloutProgress next, FailedTransition? failure, CancellationToken cancellationToken) =>
        inner.TrySetRolloutProgressAsync(ticketId, expected, next, failure, cancellationToken);

    public ValueTask SetRepositoryUrlAsync(int ticketId, string? repositoryUrl, CancellationToken cancellationToken) =>
        inner.SetRepositoryUrlAsync(ticketId, repositoryUrl, cancellationToken);
}
