namespace SwRel.Pipeline;

/// <summary>A request waiting in (or being processed from) an <see cref="IRequestQueue"/>, as listed by <see cref="IRequestQueue.ListAsync"/>.</summary>
/// <remarks>Immutable.</remarks>
public sealed record QueuedRequest
{
    /// <summary>Gets the queue's identifier of the request.</summary>
    public required long RequestId { get; init; }

    /// <summary>Gets the request.</summary>
    public required ProvisioningRequest Request { get; init; }

    /// <summary>Gets when the request entered the queue.</summary>
    public required DateTimeOffset EnqueuedAtUtc { get; init; }

    /// <summary>Gets how many times a processor took it.</summary>
    public required int Attempts { get; init; }

    /// <summary>Gets when a processor may take it next (a lease's expiry or a retry's delay).</summary>
    public required DateTimeOffset VisibleAtUtc { get; init; }

    /// <summary>Gets the error recorded by the last failed attempt, if any.</summary>
    public string? LastError { get; init; }

    /// <summary>Gets whether the request waits, is being processed, or waits for an operator (dead letter). Default <see cref="QueuedRequestState.Waiting"/>.</summary>
    public QueuedRequestState State { get; init; }
}
