namespace SwRel.Server.Status;

/// <summary>One major release's stage-rollout slot as <c>GET /api/slots</c> shows it.</summary>
/// <param name="MajorRelease">The major release.</param>
/// <param name="InStageRollout">The ticket holding the slot, or <see langword="null"/> when it is free.</param>
/// <param name="Deferred">The tickets waiting for the slot, oldest (next) first.</param>
internal sealed record SlotView(string MajorRelease, int? InStageRollout, IReadOnlyList<int> Deferred);
