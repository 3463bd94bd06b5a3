namespace SwRel.Server.Processing;

/// <summary>One finished request as the status page and <c>GET /api/requests</c> show it.</summary>
/// <param name="RequestId">The queue's number for the request (0 for an invalid request, which was never queued).</param>
/// <param name="TicketId">The ticket.</param>
/// <param name="Transition">The transition asked for, as posted.</param>
/// <param name="Outcome">Succeeded, Deferred, Failed, Skipped, Retrying or Invalid.</param>
/// <param name="Message">What was done, or why not.</param>
/// <param name="FinishedAtUtc">When.</param>
internal sealed record RecentOutcome(long RequestId, int TicketId, string Transition, string Outcome, string Message, DateTimeOffset FinishedAtUtc);
