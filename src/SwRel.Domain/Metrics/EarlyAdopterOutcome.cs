namespace SwRel.Domain.Metrics;

/// <summary>What an early-adopter team reported about a release in staged rollout.</summary>
public enum EarlyAdopterOutcome
{
    /// <summary>The team accepts the release.</summary>
    Accept = 0,

    /// <summary>The team rejects the release.</summary>
    Reject,
}
