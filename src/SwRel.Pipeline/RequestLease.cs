namespace SwRel.Pipeline;

/// <summary>
/// A request taken from an <see cref="IRequestQueue"/>: while the lease holds, no other processor
/// sees the request. The lease ends with <see cref="IRequestQueue.CompleteAsync"/>,
/// <see cref="IRequestQueue.RecordFailureAsync"/> or its expiry.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record RequestLease
{
    /// <summary>Gets the queue's identifier of the request (increasing in enqueue order).</summary>
    public required long RequestId { get; init; }

    /// <summary>Gets the request.</summary>
    public required ProvisioningRequest Request { get; init; }

    /// <summary>Gets the lease's token: proves to the queue that the caller still holds the lease.</summary>
    public required string Token { get; init; }

    /// <summary>Gets when the lease ends unless completed; afterwards another processor may take the request again.</summary>
    public required DateTimeOffset ExpiresAtUtc { get; init; }

    /// <summary>Gets which attempt this is, from 1 (a crash or a retry makes it 2 or more).</summary>
    public required int Attempt { get; init; }

    /// <summary>Gets when the request entered the queue.</summary>
    public required DateTimeOffset EnqueuedAtUtc { get; init; }

    /// <summary>Gets the error recorded by the previous attempt, if any.</summary>
    public string? LastError { get; init; }
}
