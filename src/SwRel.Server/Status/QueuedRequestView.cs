namespace SwRel.Server.Status;

/// <summary>A request in the queue as <c>GET /api/requests</c> shows it.</summary>
/// <param name="RequestId">The queue's number for it.</param>
/// <param name="TicketId">The ticket.</param>
/// <param name="Transition">The transition asked for.</param>
/// <param name="Emergency">Whether the request says Emergency_Release Yes.</param>
/// <param name="State">Waiting, InProgress (taken by a processor) or RetryWaiting (waiting after a failed attempt).</param>
/// <param name="Attempts">How many times a processor took it.</param>
/// <param name="EnqueuedAtUtc">When it was queued.</param>
/// <param name="LastError">Why the last attempt did not finish, if it did not.</param>
internal sealed record QueuedRequestView(long RequestId, int TicketId, string Transition, bool Emergency, string State, int Attempts, DateTimeOffset EnqueuedAtUtc, string? LastError);
