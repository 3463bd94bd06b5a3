using System.Collections.Concurrent;
using SwRel.Pipeline;

namespace SwRel.Server.Requests;

/// <summary>
/// Puts valid requests into the durable queue, once: a request equal to one still waiting or being
/// processed is answered as queued without a second entry.
/// </summary>
/// <remarks>
/// The set of waiting requests is read from the queue before the server takes its first request
/// (<see cref="LoadAsync"/>), so it survives a restart, and is updated by this server's processor
/// as requests finish. Thread-safe.
/// </remarks>
internal sealed class RequestAdmission
{
    private readonly IRequestQueue _queue;
    private readonly ConcurrentDictionary<ProvisioningRequest, long> _waiting = new();
    private readonly HashSet<long> _finishedBeforeRecorded = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _admitted = new(0, 1);

    /// <summary>Creates the admission over the queue.</summary>
    public RequestAdmission(IRequestQueue queue) => _queue = queue;

    /// <summary>Requests accepted and not yet finished.</summary>
    public int Waiting => _waiting.Count;

    /// <summary>Reads the requests already in the queue (after a restart).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var queued in await _queue.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            _waiting.TryAdd(queued.Request, queued.RequestId);
        }
    }

    /// <summary>Queues the request unless an equal one is waiting.</summary>
    /// <returns>Whether a new entry was written (<see langword="false"/> for a duplicate).</returns>
    /// <exception cref="Exception">The queue could not be written; nothing was queued.</exception>
    public async Task<bool> AdmitAsync(ProvisioningRequest request, CancellationToken cancellationToken)
    {
        // A placeholder claims the request first, so that two equal posts racing each other write one entry.
        if (!_waiting.TryAdd(request, 0))
        {
            if (!_waiting.TryGetValue(request, out var known) || known == 0 || await IsQueuedAsync(known, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            // An operator dropped it from another process (swrel queue drop): forget it and queue the new one.
            Finished(known, request);
            return await AdmitAsync(request, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            // A durable queue writes every request waiting at the moment in one transaction with one flush to disk.
            var id = await _queue.EnqueueAsync(request, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (_finishedBeforeRecorded.Remove(id))
                {
                    _waiting.TryRemove(new KeyValuePair<ProvisioningRequest, long>(request, 0));
                }
                else
                {
                    _waiting[request] = id;
                }
            }

            Wake();
            return true;
        }
        catch
        {
            _waiting.TryRemove(new KeyValuePair<ProvisioningRequest, long>(request, 0));
            throw;
        }
    }

    /// <summary>
    /// Waits until a request is admitted or <paramref name="timeout"/> has passed, whichever is first, so that the processor
    /// takes a new request at once instead of at its next poll (the poll stays, for requests queued by another process).
    /// </summary>
    public async Task WaitForAdmittedAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var admitted = _admitted.WaitAsync(done.Token);
        var delay = Task.Delay(timeout, time, done.Token);
        await Task.WhenAny(admitted, delay).ConfigureAwait(false);
        await done.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(admitted, delay).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The one that lost the race, or the caller stopping.
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private void Wake()
    {
        try
        {
            _admitted.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the processor will look at the queue anyway.
        }
    }

    private async Task<bool> IsQueuedAsync(long requestId, CancellationToken cancellationToken) =>
        await _queue.FindAsync(requestId, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Forgets a request that has left the queue, so that a later equal request is queued again.</summary>
    public void Finished(long requestId, ProvisioningRequest request)
    {
        lock (_gate)
        {
            if (_waiting.TryGetValue(request, out var id) && id == 0)
            {
                // The processor was quicker than the admission that queued it; the admission forgets it when it sees this.
                _finishedBeforeRecorded.Add(requestId);
                return;
            }

            _waiting.TryRemove(new KeyValuePair<ProvisioningRequest, long>(request, requestId));
        }
    }
}
