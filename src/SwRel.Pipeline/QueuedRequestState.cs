namespace SwRel.Pipeline;

/// <summary>Where a queued request stands, as <see cref="IRequestQueue.ListAsync"/> shows it.</summary>
public enum QueuedRequestState
{
    /// <summary>Waiting to be taken: now, or after its retry delay (<see cref="QueuedRequest.VisibleAtUtc"/>).</summary>
    Waiting = 0,

    /// <summary>Taken by a processor under a lease that has not expired.</summary>
    Leased,

    /// <summary>
    /// Given up after <see cref="ProvisioningOptions.MaxAttempts"/> attempts that could not reach the ticket system: no
    /// processor takes it until an operator retries it (<see cref="IRequestQueue.RetryAsync"/>) or drops it
    /// (<see cref="IRequestQueue.DropAsync"/>).
    /// </summary>
    DeadLetter,
}
