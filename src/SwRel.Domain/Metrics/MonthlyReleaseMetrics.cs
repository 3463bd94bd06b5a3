namespace SwRel.Domain.Metrics;

/// <summary>The monthly release metrics of one UTC calendar month (SPEC §7).</summary>
/// <remarks>
/// Counts are distinct tickets. <see cref="PassedStageRollout"/> (M.REPO-3) and <see cref="AcceptedInStageRollout"/>
/// (M.SA1.3-2) have the same definition and always agree; both are kept so that each report can quote its own id.
/// Immutable.
/// </remarks>
/// <param name="Month">The month.</param>
/// <param name="Delivered">M.REPO-1: tickets created (whose first history entry is Submitted) in the month.</param>
/// <param name="PassedVerification">M.REPO-2: tickets that left InVerification for StageRollout or Deferred in the month.</param>
/// <param name="PassedStageRollout">M.REPO-3: tickets that entered Production from StageRollout in the month.</param>
/// <param name="AcceptedInStageRollout">M.SA1.3-2: tickets that entered Production from StageRollout in the month.</param>
/// <param name="RejectedInStageRollout">M.SA1.3-3: tickets that entered Rejected from StageRollout in the month.</param>
/// <param name="StageRolloutToProduction">M.SA1.3-4 by month: the durations of releases that entered Production from StageRollout in the month.</param>
/// <param name="ProductionToStageRolloutReport">M.SA1.3-5 by month: the durations of releases that entered Production in the month and have a StageRolloutReport time.</param>
public sealed record MonthlyReleaseMetrics(
    UtcMonth Month,
    int Delivered,
    int PassedVerification,
    int PassedStageRollout,
    int AcceptedInStageRollout,
    int RejectedInStageRollout,
    DurationSummary StageRolloutToProduction,
    DurationSummary ProductionToStageRolloutReport);
