namespace SwRel.Domain.Metrics;

/// <summary>The per-release metrics of one ticket (SPEC §7).</summary>
/// <remarks>Immutable.</remarks>
/// <param name="Ticket">The release's ticket.</param>
/// <param name="EarlyAdopterTeams">M.SA1.3-1: distinct early-adopter teams that reported on the release (any outcome, any time).</param>
/// <param name="ProductionAtUtc">
/// When the release first entered Production, or <see langword="null"/> if it never did. Read from
/// <see cref="TicketHistory.CompletedEntries"/>: a retried Production counts at the retry's time, a reverted one not at all.
/// </param>
/// <param name="StageRolloutToProduction">
/// M.SA1.3-4: from the last StageRollout entry to the first Production entry that follows it directly, both in
/// <see cref="TicketHistory.CompletedEntries"/> (failed attempts reduced), or <see langword="null"/> when the release
/// never went from StageRollout to Production.
/// </param>
/// <param name="ProductionToStageRolloutReport">
/// M.SA1.3-5: from the first Production entry to the time the StageRolloutReport was first set, or
/// <see langword="null"/> when either is missing. Negative when the report was set before Production
/// (SPEC §2.1 row 17 asks for the report before the move, so the current workflow gives zero or less).
/// </param>
public sealed record ReleaseMetrics(
    string Ticket,
    int EarlyAdopterTeams,
    DateTimeOffset? ProductionAtUtc,
    TimeSpan? StageRolloutToProduction,
    TimeSpan? ProductionToStageRolloutReport);
