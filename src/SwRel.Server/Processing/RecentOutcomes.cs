using Microsoft.Extensions.Options;

namespace SwRel.Server.Processing;

/// <summary>The last few processing outcomes, newest first; kept in memory only (the tickets hold the record).</summary>
internal sealed class RecentOutcomes
{
    private readonly LinkedList<RecentOutcome> _items = new();
    private readonly int _capacity;
    private readonly Lock _gate = new();

    /// <summary>Creates the list with the configured capacity.</summary>
    public RecentOutcomes(IOptions<SwRelServerOptions> options) => _capacity = options.Value.RecentOutcomes;

    /// <summary>Adds an outcome, dropping the oldest beyond the capacity.</summary>
    public void Add(RecentOutcome outcome)
    {
        lock (_gate)
        {
            _items.AddFirst(outcome);
            while (_items.Count > _capacity)
            {
                _items.RemoveLast();
            }
        }
    }

    /// <summary>The outcomes, newest first.</summary>
    public IReadOnlyList<RecentOutcome> Snapshot()
    {
        lock (_gate)
        {
            return [.. _items];
        }
    }
}
