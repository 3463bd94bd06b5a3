namespace SwRel.Pipeline;

/// <summary>
/// An <see cref="IRequestQueue"/> in process memory, for embedding (one process, many processors)
/// and tests. Nothing survives the process.
/// </summary>
/// <remarks>Thread-safe: every operation holds one lock for its (short) duration. Time comes from the <see cref="TimeProvider"/> given.</remarks>
public sealed class InMemoryRequestQueue : IRequestQueue
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly List<Entry> _entries = [];
    private readonly Dictionary<string, QueueLock> _locks = new(StringComparer.Ordinal);
    private long _nextId = 1;

    /// <summary>Creates an empty queue.</summary>
    /// <param name="timeProvider">The clock for leases and retries; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public InMemoryRequestQueue(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc/>
    public ValueTask<long> EnqueueAsync(ProvisioningRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var entry = new Entry(_nextId++, request, now) { VisibleAtUtc = now };
            _entries.Add(entry);
            return ValueTask.FromResult(entry.Id);
        }
    }

    /// <inheritdoc/>
    public ValueTask<RequestLease?> TryTakeAsync(TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var entry in _entries)
            {
                if (!entry.DeadLetter && entry.VisibleAtUtc <= now)
                {
                    entry.Token = Guid.NewGuid().ToString("N");
                    entry.Attempts++;
                    entry.VisibleAtUtc = now + leaseDuration;
                    return ValueTask.FromResult<RequestLease?>(entry.ToLease());
                }
            }

            return ValueTask.FromResult<RequestLease?>(null);
        }
    }

    /// <inheritdoc/>
    public ValueTask<RequestLease?> RenewAsync(RequestLease lease, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (Held(lease) is not { } entry)
            {
                return ValueTask.FromResult<RequestLease?>(null);
            }

            entry.VisibleAtUtc = _time.GetUtcNow() + leaseDuration;
            return ValueTask.FromResult<RequestLease?>(entry.ToLease());
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> CompleteAsync(RequestLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (Held(lease) is not { } entry)
            {
                return ValueTask.FromResult(false);
            }

            _entries.Remove(entry);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> RecordFailureAsync(RequestLease lease, string error, TimeSpan retryDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentOutOfRangeException.ThrowIfLessThan(retryDelay, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (Held(lease) is not { } entry)
            {
                return ValueTask.FromResult(false);
            }

            entry.Token = null;
            entry.LastError = error;
            entry.VisibleAtUtc = _time.GetUtcNow() + retryDelay;
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> DeadLetterAsync(RequestLease lease, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(error);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (Held(lease) is not { } entry)
            {
                return ValueTask.FromResult(false);
            }

            entry.Token = null;
            entry.LastError = error;
            entry.DeadLetter = true;
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> RetryAsync(long requestId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (Unheld(requestId, now) is not { } entry)
            {
                return ValueTask.FromResult(false);
            }

            entry.DeadLetter = false;
            entry.Token = null;
            entry.Attempts = 0;
            entry.VisibleAtUtc = now;
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask<QueuedRequest?> DropAsync(long requestId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (Unheld(requestId, now) is not { } entry)
            {
                return ValueTask.FromResult<QueuedRequest?>(null);
            }

            _entries.Remove(entry);
            return ValueTask.FromResult<QueuedRequest?>(entry.ToQueued(now));
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<QueuedRequest>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var list = _entries.Select(e => e.ToQueued(now)).ToArray();
            return ValueTask.FromResult<IReadOnlyList<QueuedRequest>>(list);
        }
    }

    /// <inheritdoc/>
    public ValueTask<QueuedRequest?> FindAsync(long requestId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var entry = _entries.Find(e => e.Id == requestId);
            return ValueTask.FromResult(entry?.ToQueued(_time.GetUtcNow()));
        }
    }

    /// <inheritdoc/>
    public ValueTask<QueueLock?> TryAcquireLockAsync(string name, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_locks.TryGetValue(name, out var held) && held.ExpiresAtUtc > now)
            {
                return ValueTask.FromResult<QueueLock?>(null);
            }

            var taken = new QueueLock(name, Guid.NewGuid().ToString("N"), now + duration);
            _locks[name] = taken;
            return ValueTask.FromResult<QueueLock?>(taken);
        }
    }

    /// <inheritdoc/>
    public ValueTask ReleaseLockAsync(QueueLock queueLock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queueLock);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_locks.TryGetValue(queueLock.Name, out var held) && held.Token == queueLock.Token)
            {
                _locks.Remove(queueLock.Name);
            }
        }

        return ValueTask.CompletedTask;
    }

    private Entry? Held(RequestLease lease)
    {
        foreach (var entry in _entries)
        {
            if (entry.Id == lease.RequestId)
            {
                return entry.Token == lease.Token ? entry : null;
            }
        }

        return null;
    }

    /// <summary>The request, unless a processor holds it under a lease that has not expired.</summary>
    private Entry? Unheld(long requestId, DateTimeOffset now)
    {
        foreach (var entry in _entries)
        {
            if (entry.Id == requestId)
            {
                return entry.StateAt(now) == QueuedRequestState.Leased ? null : entry;
            }
        }

        return null;
    }

    private sealed class Entry(long id, ProvisioningRequest request, DateTimeOffset enqueuedAtUtc)
    {
        public long Id { get; } = id;

        public ProvisioningRequest Request { get; } = request;

        public DateTimeOffset EnqueuedAtUtc { get; } = enqueuedAtUtc;

        public DateTimeOffset VisibleAtUtc { get; set; }

        public string? Token { get; set; }

        public int Attempts { get; set; }

        public string? LastError { get; set; }

        public bool DeadLetter { get; set; }

        public QueuedRequestState StateAt(DateTimeOffset now) =>
            DeadLetter ? QueuedRequestState.DeadLetter
            : Token is not null && VisibleAtUtc > now ? QueuedRequestState.Leased
            : QueuedRequestState.Waiting;

        public QueuedRequest ToQueued(DateTimeOffset now) => new()
        {
            RequestId = Id,
            Request = Request,
            EnqueuedAtUtc = EnqueuedAtUtc,
            Attempts = Attempts,
            VisibleAtUtc = VisibleAtUtc,
            LastError = LastError,
            State = StateAt(now),
        };

        public RequestLease ToLease() => new()
        {
            RequestId = Id,
            Request = Request,
            Token = Token!,
            ExpiresAtUtc = VisibleAtUtc,
            Attempt = Attempts,
            EnqueuedAtUtc = EnqueuedAtUtc,
            LastError = LastError,
        };
    }
}
