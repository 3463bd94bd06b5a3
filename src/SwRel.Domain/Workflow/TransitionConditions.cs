namespace SwRel.Domain.Workflow;

/// <summary>
/// The conditions a row of the transition table places on a transition (SPEC §2.1, the condition
/// column). A row holds when every flag it carries holds.
/// </summary>
[Flags]
public enum TransitionConditions
{
    /// <summary>No condition.</summary>
    None = 0,

    /// <summary>A reason must be given.</summary>
    ReasonRequired = 1 << 0,

    /// <summary>The ticket's EmergencyRelease is Yes and the emergency policy is FastStagedRollout.</summary>
    EmergencyFastStagedRollout = 1 << 1,

    /// <summary>The ticket's EmergencyRelease is Yes and the emergency policy is StraightToProduction.</summary>
    EmergencyStraightToProduction = 1 << 2,

    /// <summary>The ticket's VerificationReport is set.</summary>
    VerificationReportSet = 1 << 3,

    /// <summary>The stage-rollout slot of the ticket's AssociatedMajorRelease is free.</summary>
    StageRolloutSlotFree = 1 << 4,

    /// <summary>Another release of the same AssociatedMajorRelease is in StageRollout.</summary>
    StageRolloutSlotTaken = 1 << 5,

    /// <summary>The ticket's StageRolloutReport is set (all early-adopter reports evaluated).</summary>
    StageRolloutReportSet = 1 << 6,

    /// <summary>The repository action for the last transition failed; the failed transition and message are recorded.</summary>
    RepositoryActionFailed = 1 << 7,

    /// <summary>Reverts the failed transition: the target is the failed transition's source.</summary>
    Revert = 1 << 8,

    /// <summary>Retries the failed transition: the target is the failed transition's target and the repository action runs again.</summary>
    Retry = 1 << 9,

    /// <summary>
    /// The ticket's latest move was InVerification → StageRollout (row 11): row 12b corrects exactly that move when the
    /// slot was taken.
    /// </summary>
    CorrectsRow11Entry = 1 << 10,
}
