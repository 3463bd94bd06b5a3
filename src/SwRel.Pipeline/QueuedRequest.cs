namespace SwRel.Pipeline;

/// <summary>A request waiting in (or being processed from) an <see cref="IRequestQueue"/>, as listed by <see cref="IRequestQueue.ListAsync"/>.</summary>
/// <param name="RequestId">The queue's identifier of the request.</param>
/// <param name="Request">The request.</param>
/// <param name="EnqueuedAtUtc">When the request entered the queue.</param>
/// <param name="Attempts">How many times a processor took it.</param>
/// <param name="VisibleAtUtc">When a processor may take it next (a lease's expiry or a retry's delay); meaningless for a dead letter.</param>
/// <param name="LastError">The error recorded by the last failed attempt, if any.</param>
/// <remarks>Immutable.</remarks>
public sealed record QueuedRequest(
    long RequestId,
    ProvisioningRequest Request,
    DateTimeOffset EnqueuedAtUtc,
    int Attempts,
    DateTimeOffset VisibleAtUtc,
    string? LastError)
{
    /// <summary>Gets whether the request waits, is being processed, or waits for an operator (dead letter). Default <see cref="QueuedRequestState.Waiting"/>.</summary>
    public QueuedRequestState State { get; init; }
}
