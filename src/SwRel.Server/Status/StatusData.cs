using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Server.Processing;

namespace SwRel.Server.Status;

/// <summary>Gathers what the status page and the JSON read endpoints show.</summary>
internal sealed class StatusData
{
    private readonly IRequestQueue _queue;
    private readonly RecentOutcomes _recent;
    private readonly TimeProvider _time;

    /// <summary>Creates the reader.</summary>
    public StatusData(IRequestQueue queue, RecentOutcomes recent, TimeProvider time)
    {
        _queue = queue;
        _recent = recent;
        _time = time;
    }

    /// <summary>The queue and the recent outcomes.</summary>
    public async Task<RequestsView> RequestsAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var queued = await _queue.ListAsync(cancellationToken).ConfigureAwait(false);
        var views = queued.Select(q => new QueuedRequestView(
            q.RequestId,
            q.Request.TicketId,
            $"{q.Request.Previous.ToName()} -> {q.Request.Current.ToName()}",
            q.Request.Emergency,
            q.VisibleAtUtc > now ? (q.LastError is null ? "InProgress" : "RetryWaiting") : "Waiting",
            q.Attempts,
            q.EnqueuedAtUtc,
            q.LastError)).ToList();
        return new RequestsView(views, _recent.Snapshot());
    }
}
