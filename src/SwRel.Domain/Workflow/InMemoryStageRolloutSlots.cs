namespace SwRel.Domain.Workflow;

/// <summary>An in-process <see cref="IStageRolloutSlots"/>: which ticket holds each major release's slot.</summary>
/// <remarks>Thread-safe. The workflow does not update it; the caller occupies and releases slots as tickets start and stop holding them (<see cref="StageRolloutSlot"/>).</remarks>
public sealed class InMemoryStageRolloutSlots : IStageRolloutSlots
{
    private readonly Dictionary<string, int> _holders = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _gate = new();

    /// <summary>Records that <paramref name="ticketId"/> holds the slot of <paramref name="majorRelease"/>.</summary>
    /// <param name="majorRelease">The major release name.</param>
    /// <param name="ticketId">The ticket now in StageRollout.</param>
    /// <exception cref="ArgumentNullException"><paramref name="majorRelease"/> is null.</exception>
    public void Occupy(string majorRelease, int ticketId)
    {
        ArgumentNullException.ThrowIfNull(majorRelease);
        lock (_gate)
        {
            _holders[majorRelease] = ticketId;
        }
    }

    /// <summary>Frees the slot of <paramref name="majorRelease"/>.</summary>
    /// <param name="majorRelease">The major release name.</param>
    /// <exception cref="ArgumentNullException"><paramref name="majorRelease"/> is null.</exception>
    public void Release(string majorRelease)
    {
        ArgumentNullException.ThrowIfNull(majorRelease);
        lock (_gate)
        {
            _holders.Remove(majorRelease);
        }
    }

    /// <inheritdoc/>
    public bool IsTaken(string majorRelease, int ticketId)
    {
        lock (_gate)
        {
            return _holders.TryGetValue(majorRelease, out var holder) && holder != ticketId;
        }
    }
}
