namespace SwRel.Pipeline;

/// <summary>
/// A request taken from an <see cref="IRequestQueue"/>: while the lease holds, no other processor
/// sees the request. The lease ends with <see cref="IRequestQueue.CompleteAsync"/>,
/// <see cref="IRequestQueue.RecordFailureAsync"/> or its expiry.
/// </summary>
/// <param name="RequestId">The queue's identifier of the request (increasing in enqueue order).</param>
/// <param name="Request">The request.</param>
/// <param name="Token">The lease's token: proves to the queue that the caller still holds the lease.</param>
/// <param name="ExpiresAtUtc">When the lease ends unless completed; afterwards another processor may take the request again.</param>
/// <param name="Attempt">Which attempt this is, from 1 (a crash or a retry makes it 2 or more).</param>
/// <param name="EnqueuedAtUtc">When the request entered the queue.</param>
/// <param name="LastError">The error recorded by the previous attempt, if any.</param>
/// <remarks>Immutable.</remarks>
public sealed record RequestLease(
    long RequestId,
    ProvisioningRequest Request,
    string Token,
    DateTimeOffset ExpiresAtUtc,
    int Attempt,
    DateTimeOffset EnqueuedAtUtc,
    string? LastError);
