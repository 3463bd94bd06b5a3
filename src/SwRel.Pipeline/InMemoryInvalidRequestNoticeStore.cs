namespace SwRel.Pipeline;

/// <summary>
/// An <see cref="IInvalidRequestNoticeStore"/> in process memory, the fallback when no durable store is registered:
/// nothing survives the process.
/// </summary>
/// <remarks>
/// Bounded to <see cref="Capacity"/> notices; when full, the oldest is dropped rather than memory filled. Thread-safe:
/// one lock guards all state. Time comes from the <see cref="TimeProvider"/> given.
/// </remarks>
public sealed class InMemoryInvalidRequestNoticeStore : IInvalidRequestNoticeStore
{
    /// <summary>The most notices kept at once.</summary>
    public const int Capacity = 1024;

    private readonly object _gate = new();
    private readonly LinkedList<InvalidRequestNotice> _notices = [];
    private readonly TimeProvider _time;
    private long _nextId = 1;

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">The clock that stamps notices; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public InMemoryInvalidRequestNoticeStore(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc/>
    public ValueTask<InvalidRequestNotice> AddAsync(int ticketId, IReadOnlyList<string> errors, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ticketId);
        ArgumentNullException.ThrowIfNull(errors);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var notice = new InvalidRequestNotice { NoticeId = _nextId++, TicketId = ticketId, Errors = [.. errors], ReceivedAtUtc = _time.GetUtcNow() };
            _notices.AddLast(notice);
            if (_notices.Count > Capacity)
            {
                _notices.RemoveFirst();
            }

            return ValueTask.FromResult(notice);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<InvalidRequestNotice>> ListAsync(int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<InvalidRequestNotice>>([.. _notices.Take(max)]);
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> RemoveAsync(long noticeId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            for (var node = _notices.First; node is not null; node = node.Next)
            {
                if (node.Value.NoticeId == noticeId)
                {
                    _notices.Remove(node);
                    return ValueTask.FromResult(true);
                }
            }

            return ValueTask.FromResult(false);
        }
    }
}
