namespace SwRel.Pipeline;

/// <summary>
/// The durable queue between the transition-request API and the provisioning processors
/// (SPEC §12), plus the named locks the processors share.
/// </summary>
/// <remarks>
/// <para>
/// A request is taken under a lease: until the lease is completed, failed or expired no other
/// taker sees it. A processor that crashes between taking and completing a request loses its
/// lease at expiry and the request is processed again; processing is idempotent, so that is
/// harmless. A request leaves the queue only through <see cref="CompleteAsync"/>, which the
/// processor calls after the request succeeded or its failure was recorded on the ticket.
/// </para>
/// <para>
/// A request whose attempts keep failing because the ticket system cannot be reached is retried with a growing delay,
/// then set aside as a dead letter (<see cref="DeadLetterAsync"/>) until an operator retries (<see cref="RetryAsync"/>)
/// or drops it (<see cref="DropAsync"/>). <see cref="ListAsync"/> shows each request's <see cref="QueuedRequestState"/>.
/// </para>
/// <para>Requests are taken in enqueue order among those visible. Implementations are safe for concurrent use; time comes from a <see cref="TimeProvider"/>.</para>
/// </remarks>
public interface IRequestQueue
{
    /// <summary>Adds a request at the end of the queue.</summary>
    /// <param name="request">The validated request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The request's identifier in the queue.</returns>
    ValueTask<long> EnqueueAsync(ProvisioningRequest request, CancellationToken cancellationToken);

    /// <summary>Adds several requests at the end of the queue, in order, all or none.</summary>
    /// <param name="requests">The validated requests.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The requests' identifiers, in the same order.</returns>
    /// <remarks>
    /// A durable queue writes them in one transaction, so that one disk flush serves them all: this is how a
    /// server accepting many requests at once keeps up. The default adds them one by one.
    /// </remarks>
    async ValueTask<IReadOnlyList<long>> EnqueueManyAsync(IReadOnlyList<ProvisioningRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var ids = new long[requests.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = await EnqueueAsync(requests[i], cancellationToken).ConfigureAwait(false);
        }

        return ids;
    }

    /// <summary>Takes the oldest visible request under a lease, or returns <see langword="null"/> when none is visible.</summary>
    /// <param name="leaseDuration">How long the lease lasts (positive).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The lease, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="leaseDuration"/> is not positive.</exception>
    ValueTask<RequestLease?> TryTakeAsync(TimeSpan leaseDuration, CancellationToken cancellationToken);

    /// <summary>Extends a lease that is still held (for long fetches).</summary>
    /// <param name="lease">The lease.</param>
    /// <param name="leaseDuration">The new duration, from now (positive).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The renewed lease, or <see langword="null"/> when the lease was lost (expired and taken by another processor, or completed).</returns>
    ValueTask<RequestLease?> RenewAsync(RequestLease lease, TimeSpan leaseDuration, CancellationToken cancellationToken);

    /// <summary>Removes a request whose processing ended: it succeeded, or its failure was recorded on the ticket.</summary>
    /// <param name="lease">The lease under which it was taken.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when removed; <see langword="false"/> when the lease was no longer held (another processor has the request now).</returns>
    ValueTask<bool> CompleteAsync(RequestLease lease, CancellationToken cancellationToken);

    /// <summary>
    /// Gives a request back after an attempt that could not end it (the ticket system did not
    /// answer, so not even the failure could be recorded): the request stays queued with the
    /// error and becomes visible again after <paramref name="retryDelay"/>.
    /// </summary>
    /// <param name="lease">The lease under which it was taken.</param>
    /// <param name="error">What went wrong.</param>
    /// <param name="retryDelay">How long to wait before the request may be taken again (zero or more).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when recorded; <see langword="false"/> when the lease was no longer held.</returns>
    ValueTask<bool> RecordFailureAsync(RequestLease lease, string error, TimeSpan retryDelay, CancellationToken cancellationToken);

    /// <summary>
    /// Sets a request aside after its last allowed attempt (the ticket system could not be reached, so not even the
    /// failure could be recorded): it stays in the queue as a dead letter, with the error, and no processor takes it
    /// until an operator retries or drops it.
    /// </summary>
    /// <param name="lease">The lease under which it was taken.</param>
    /// <param name="error">What went wrong.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when recorded; <see langword="false"/> when the lease was no longer held.</returns>
    ValueTask<bool> DeadLetterAsync(RequestLease lease, string error, CancellationToken cancellationToken);

    /// <summary>
    /// An operator's retry: makes a dead letter, or a request waiting for its retry delay, visible to processors now,
    /// with its attempt count back at zero so that it gets every attempt again.
    /// </summary>
    /// <param name="requestId">The request's identifier in the queue.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when done; <see langword="false"/> when there is no such request or a processor holds it now.</returns>
    ValueTask<bool> RetryAsync(long requestId, CancellationToken cancellationToken);

    /// <summary>An operator's drop: removes a request that no processor holds, dead letter or waiting.</summary>
    /// <param name="requestId">The request's identifier in the queue.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The request as it was before it was removed, or <see langword="null"/> when there is no such request or a processor holds it now.</returns>
    ValueTask<QueuedRequest?> DropAsync(long requestId, CancellationToken cancellationToken);

    /// <summary>Lists every request still in the queue, taken or not, in enqueue order.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The requests.</returns>
    ValueTask<IReadOnlyList<QueuedRequest>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Looks up one request still in the queue, taken or not.</summary>
    /// <param name="requestId">The request's identifier in the queue.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The request, or <see langword="null"/> when it has left the queue (or never was in it).</returns>
    /// <remarks>The default lists the queue; a queue that can look an identifier up directly should.</remarks>
    async ValueTask<QueuedRequest?> FindAsync(long requestId, CancellationToken cancellationToken)
    {
        foreach (var queued in await ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (queued.RequestId == requestId)
            {
                return queued;
            }
        }

        return null;
    }

    /// <summary>Tries to take a named lock shared by every processor on this queue's store.</summary>
    /// <param name="name">The lock's name (for example <c>stage-rollout/umd-4</c>).</param>
    /// <param name="duration">How long the lock lasts unless released (positive).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The lock, or <see langword="null"/> when someone else holds it.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is not positive.</exception>
    ValueTask<QueueLock?> TryAcquireLockAsync(string name, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Releases a lock (nothing happens when it already expired and someone else holds it).</summary>
    /// <param name="queueLock">The lock.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the lock is released.</returns>
    ValueTask ReleaseLockAsync(QueueLock queueLock, CancellationToken cancellationToken);
}
