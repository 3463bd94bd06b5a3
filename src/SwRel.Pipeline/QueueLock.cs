namespace SwRel.Pipeline;

/// <summary>
/// A named lock held in the queue's store, shared by every processor on that store (for example
/// the stage-rollout slot of one major release).
/// </summary>
/// <param name="Name">The lock's name.</param>
/// <param name="Token">The holder's token, needed to release the lock.</param>
/// <param name="ExpiresAtUtc">When the lock ends by itself, so that a crashed holder cannot block others for ever.</param>
/// <remarks>Immutable.</remarks>
public sealed record QueueLock(string Name, string Token, DateTimeOffset ExpiresAtUtc);
