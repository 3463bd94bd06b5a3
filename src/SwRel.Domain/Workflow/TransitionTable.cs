using System.Collections.Immutable;

namespace SwRel.Domain.Workflow;

/// <summary>
/// The RolloutProgress transition table of SPEC §2.1: the single source of truth from which the
/// state machine, the diagrams, the request validation and the tests are derived.
/// </summary>
/// <remarks>The table is immutable and safe to share between threads.</remarks>
public static class TransitionTable
{
    private const RolloutActor Verification = RolloutActor.VerificationTeam;
    private const RolloutActor StageRolloutTeam = RolloutActor.StageRolloutTeam;
    private const RolloutActor Repo = RolloutActor.Repo;
    private const RolloutActor Admin = RolloutActor.Admin;

    /// <summary>Gets every row, in SPEC order: 1 to 12, 12b, 13 to 23.</summary>
    public static ImmutableArray<TransitionRule> Rules { get; } =
    [
        Row(1, RolloutProgress.Submitted, RolloutProgress.Unverified, Verification, TransitionConditions.None,
            "the repository downloads release.xml and the software"),
        Row(2, RolloutProgress.Submitted, RolloutProgress.Rejected, Verification, TransitionConditions.ReasonRequired,
            "reason given"),
        Row(3, RolloutProgress.Submitted, RolloutProgress.Ignored, Verification, TransitionConditions.ReasonRequired,
            "reason given (target not among supported targets)"),
        Row(4, RolloutProgress.Unverified, RolloutProgress.InVerification, Verification, TransitionConditions.None,
            "verification starts"),
        Row(5, RolloutProgress.Unverified, RolloutProgress.Rejected, Verification, TransitionConditions.ReasonRequired,
            "reason given"),
        Row(6, RolloutProgress.Unverified, RolloutProgress.Ignored, Verification, TransitionConditions.ReasonRequired,
            "reason given"),
        Row(7, RolloutProgress.Unverified, RolloutProgress.StageRollout, Verification, TransitionConditions.EmergencyFastStagedRollout,
            "EmergencyRelease = Yes and policy FastStagedRollout"),
        Row(8, RolloutProgress.Unverified, RolloutProgress.Production, Verification, TransitionConditions.EmergencyStraightToProduction,
            "EmergencyRelease = Yes and policy StraightToProduction"),
        Row(9, RolloutProgress.InVerification, RolloutProgress.WaitingForResponse, Verification, TransitionConditions.None,
            "question to the technology provider"),
        Row(10, RolloutProgress.WaitingForResponse, RolloutProgress.InVerification, Verification, TransitionConditions.None,
            "the technology provider answered"),
        Row(11, RolloutProgress.InVerification, RolloutProgress.StageRollout, Verification,
            TransitionConditions.VerificationReportSet | TransitionConditions.StageRolloutSlotFree,
            "verification report set and the major release's stage-rollout slot free"),
        Row(12, RolloutProgress.InVerification, RolloutProgress.Deferred, Repo, TransitionConditions.StageRolloutSlotTaken,
            "another release of the same major release is in StageRollout"),
        Row(12, RolloutProgress.StageRollout, RolloutProgress.Deferred, Repo,
            TransitionConditions.StageRolloutSlotTaken | TransitionConditions.CorrectsRow11Entry,
            "correction right after a row-11 entry whose slot was taken") with { Label = "12b" },
        Row(13, RolloutProgress.InVerification, RolloutProgress.Rejected, Verification, TransitionConditions.ReasonRequired,
            "reason given"),
        Row(14, RolloutProgress.WaitingForResponse, RolloutProgress.Rejected, Verification, TransitionConditions.ReasonRequired,
            "reason given"),
        Row(15, RolloutProgress.Deferred, RolloutProgress.StageRollout, Repo, TransitionConditions.StageRolloutSlotFree,
            "slot free (oldest Deferred ticket of the major release first)"),
        Row(16, RolloutProgress.Deferred, RolloutProgress.Rejected, Verification, TransitionConditions.ReasonRequired,
            "reason given"),
        Row(17, RolloutProgress.StageRollout, RolloutProgress.Production, StageRolloutTeam, TransitionConditions.StageRolloutReportSet,
            "stage-rollout report set (all early-adopter reports evaluated)"),
        Row(18, RolloutProgress.StageRollout, RolloutProgress.Rejected, StageRolloutTeam, TransitionConditions.ReasonRequired,
            "reason given"),
        Row(19, RolloutProgress.StageRollout, RolloutProgress.NotPublished, StageRolloutTeam, TransitionConditions.ReasonRequired,
            "reason given"),
        new(20, null, RolloutProgress.Failed, TransitionTargetKind.Fixed, Repo, TransitionConditions.RepositoryActionFailed,
            "the repository action for the last transition failed"),
        new(21, RolloutProgress.Failed, null, TransitionTargetKind.FailedTransitionSource, Admin, TransitionConditions.Revert,
            "revert to the failed transition's source"),
        new(22, RolloutProgress.Failed, null, TransitionTargetKind.FailedTransitionTarget, Admin, TransitionConditions.Retry,
            "retry: the repository action runs again"),
        Row(23, RolloutProgress.Failed, RolloutProgress.Rejected, Admin, TransitionConditions.ReasonRequired,
            "reason given"),
    ];

    /// <summary>Gets the row with the given SPEC number (for 12, row 12, not 12b).</summary>
    /// <param name="number">The row number, 1 to 23.</param>
    /// <returns>The row.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="number"/> is not a row number.</exception>
    public static TransitionRule Row(int number) =>
        Row(number.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Gets the row with the given label, as SPEC §2.1 writes it (<c>7</c>, <c>12b</c>).</summary>
    /// <param name="label">The row's label.</param>
    /// <returns>The row.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="label"/> names no row.</exception>
    public static TransitionRule Row(string label)
    {
        foreach (var rule in Rules)
        {
            if (string.Equals(rule.Label, label, StringComparison.OrdinalIgnoreCase))
            {
                return rule;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(label), label, "The transition table has rows 1 to 12, 12b and 13 to 23.");
    }

    /// <summary>Returns whether a transition is a row of the table with a fixed target other than Failed.</summary>
    /// <param name="from">The source state.</param>
    /// <param name="to">The target state.</param>
    /// <returns>
    /// <see langword="true"/> when a row leads from <paramref name="from"/> to <paramref name="to"/>: such a transition is
    /// one a recorded failure may name, and rows 21 and 22 may revert or retry.
    /// </returns>
    public static bool IsRow(RolloutProgress from, RolloutProgress to) =>
        to != RolloutProgress.Failed && FixedRulesBetween(from, to).Any();

    /// <summary>Returns the rows with a fixed target that lead from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="from">The source state.</param>
    /// <param name="to">The target state.</param>
    /// <returns>The matching rows, in table order; empty when the table has no such transition.</returns>
    /// <remarks>
    /// Rows 21 and 22, whose target depends on the recorded failure, are not returned.
    /// </remarks>
    public static IEnumerable<TransitionRule> FixedRulesBetween(RolloutProgress from, RolloutProgress to)
    {
        foreach (var rule in Rules)
        {
            if (rule.TargetKind == TransitionTargetKind.Fixed && rule.To == to && rule.AppliesFrom(from))
            {
                yield return rule;
            }
        }
    }

    private static TransitionRule Row(
        int number, RolloutProgress from, RolloutProgress to, RolloutActor actor, TransitionConditions conditions, string description) =>
        new(number, from, to, TransitionTargetKind.Fixed, actor, conditions, description);
}
