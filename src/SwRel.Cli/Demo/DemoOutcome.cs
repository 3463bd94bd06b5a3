namespace SwRel.Cli.Demo;

/// <summary>How the daemon finished one request, as its <c>GET /api/requests</c> reports it.</summary>
/// <param name="RequestId">The queue's number for the request.</param>
/// <param name="Outcome">Succeeded, Deferred, Failed or Skipped.</param>
/// <param name="Message">What was done, or why not.</param>
internal sealed record DemoOutcome(long RequestId, string Outcome, string Message);
