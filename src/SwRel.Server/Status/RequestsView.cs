using SwRel.Server.Processing;

namespace SwRel.Server.Status;

/// <summary>The body of <c>GET /api/requests</c>: the queue, then the recent outcomes (newest first).</summary>
/// <param name="Queue">The requests waiting or in progress, oldest first.</param>
/// <param name="Recent">The last outcomes, newest first.</param>
internal sealed record RequestsView(IReadOnlyList<QueuedRequestView> Queue, IReadOnlyList<RecentOutcome> Recent);
