namespace SwRel.Domain.Workflow;

/// <summary>One row of the RolloutProgress transition table (SPEC §2.1).</summary>
/// <param name="Number">The row's number in SPEC §2.1, from 1.</param>
/// <param name="From">The source state, or <see langword="null"/> for "any state but Failed" (row 20).</param>
/// <param name="To">
/// The target state when <paramref name="TargetKind"/> is <see cref="TransitionTargetKind.Fixed"/>;
/// otherwise <see langword="null"/>, and the target comes from the recorded failed transition.
/// </param>
/// <param name="TargetKind">How the target state is named.</param>
/// <param name="Actor">The actor who may ask for the transition (an <see cref="RolloutActor.Admin"/> may also ask for any team's row).</param>
/// <param name="Conditions">The conditions under which the row applies.</param>
/// <param name="Description">The condition column in words, for diagrams and refusals.</param>
public sealed record TransitionRule(
    int Number,
    RolloutProgress? From,
    RolloutProgress? To,
    TransitionTargetKind TargetKind,
    RolloutActor Actor,
    TransitionConditions Conditions,
    string Description)
{
    /// <summary>
    /// Gets a second source state from which the row also applies, right after the ticket entered it from
    /// <see cref="From"/>: the repository's correction of that entry, made while the row's conditions held.
    /// <see langword="null"/> for every row but 12.
    /// </summary>
    /// <remarks>
    /// Row 12 (InVerification → Deferred, Repo, slot taken) also leads from StageRollout when the ticket's
    /// latest move was InVerification → StageRollout (row 11): a ticket system records the person's move
    /// before the repository sees the slot taken, and the repository then moves the ticket on to Deferred.
    /// The row's actor and conditions hold for the correction as for the row itself; the workflow checks
    /// the latest move in the ticket's history.
    /// </remarks>
    public RolloutProgress? CorrectionFrom { get; init; }

    /// <summary>Returns whether this row may start from <paramref name="state"/>.</summary>
    /// <param name="state">A source state.</param>
    /// <returns>
    /// <see langword="true"/> when the row's source or <see cref="CorrectionFrom"/> is <paramref name="state"/>,
    /// or it is row 20 and <paramref name="state"/> is not Failed.
    /// </returns>
    public bool AppliesFrom(RolloutProgress state) =>
        From is { } from ? from == state || CorrectionFrom == state : state != RolloutProgress.Failed;

    /// <summary>Returns whether <paramref name="actor"/> may ask for this row: its own actor, or an admin for a team's row.</summary>
    /// <param name="actor">The actor asking.</param>
    /// <returns><see langword="true"/> when the actor may ask for this row.</returns>
    public bool PermitsActor(RolloutActor actor) =>
        actor == Actor || (actor == RolloutActor.Admin && Actor != RolloutActor.Repo);

    /// <summary>
    /// Returns whether the row's emergency condition holds for a ticket's EmergencyRelease flag and the configured
    /// emergency policy (SPEC §2.1 rows 7 and 8).
    /// </summary>
    /// <param name="emergencyRelease">Whether the ticket's EmergencyRelease is Yes.</param>
    /// <param name="policy">The emergency policy in force.</param>
    /// <returns>
    /// <see langword="true"/> for a row without an emergency condition; for row 7
    /// (<see cref="TransitionConditions.EmergencyFastStagedRollout"/>) and row 8
    /// (<see cref="TransitionConditions.EmergencyStraightToProduction"/>), only when the release is an emergency
    /// and <paramref name="policy"/> is the row's policy.
    /// </returns>
    /// <remarks>Only the emergency condition is checked; actor, reason, reports and slot are the caller's to check.</remarks>
    public bool HoldsFor(bool emergencyRelease, EmergencyPolicy policy)
    {
        if (Requires(TransitionConditions.EmergencyFastStagedRollout)
            && !(emergencyRelease && policy == EmergencyPolicy.FastStagedRollout))
        {
            return false;
        }

        return !Requires(TransitionConditions.EmergencyStraightToProduction)
            || (emergencyRelease && policy == EmergencyPolicy.StraightToProduction);
    }

    /// <summary>Returns whether the row carries every flag in <paramref name="conditions"/>.</summary>
    /// <param name="conditions">The flags to look for.</param>
    /// <returns><see langword="true"/> when all flags are present.</returns>
    public bool Requires(TransitionConditions conditions) => (Conditions & conditions) == conditions;
}
