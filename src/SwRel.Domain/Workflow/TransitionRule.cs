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
    /// Gets the row's identifier as SPEC §2.1 writes it: the number, with a letter for a row inserted after it
    /// (<c>12b</c>, the repository's correction of a row-11 entry into a taken slot). Default: <see cref="Number"/> as text.
    /// </summary>
    /// <remarks>
    /// <see cref="Number"/> is the same for <c>12</c> and <c>12b</c>, whose source states differ (InVerification and
    /// StageRollout), so a row's number and source name it; the label names it alone, in refusals and diagrams.
    /// </remarks>
    public string Label { get; init; } = Number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Returns whether this row may start from <paramref name="state"/>.</summary>
    /// <param name="state">A source state.</param>
    /// <returns>
    /// <see langword="true"/> when the row's source is <paramref name="state"/>, or it is row 20 and
    /// <paramref name="state"/> is not Failed.
    /// </returns>
    public bool AppliesFrom(RolloutProgress state) =>
        From is { } from ? from == state : state != RolloutProgress.Failed;

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
