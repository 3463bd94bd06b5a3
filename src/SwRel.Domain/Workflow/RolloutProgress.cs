namespace SwRel.Domain.Workflow;

/// <summary>
/// The phase of a release ticket in the EGI software-release workflow, and its final outcome
/// (SPEC §2).
/// </summary>
/// <remarks>
/// <see cref="Submitted"/> is the initial state and the default: a missing or empty value reads
/// as <see cref="Submitted"/>. <see cref="Production"/>, <see cref="Rejected"/>,
/// <see cref="Ignored"/> and <see cref="NotPublished"/> are terminal. Use
/// <see cref="RolloutProgressText"/> to parse the spellings that tickets carry.
/// </remarks>
public enum RolloutProgress
{
    /// <summary>The technology provider submitted the release; nothing was done yet.</summary>
    Submitted = 0,

    /// <summary>The repository downloaded the release into the unverified area.</summary>
    Unverified,

    /// <summary>The verification team is checking the release against the quality criteria.</summary>
    InVerification,

    /// <summary>Verification waits for an answer from the technology provider.</summary>
    WaitingForResponse,

    /// <summary>Early adopters run the release in production (staged rollout).</summary>
    StageRollout,

    /// <summary>Another release of the same major release is in staged rollout; this one waits.</summary>
    Deferred,

    /// <summary>The release is in the production repository. Terminal.</summary>
    Production,

    /// <summary>The release was rejected, with a reason. Terminal.</summary>
    Rejected,

    /// <summary>The release targets a platform that is not supported. Terminal.</summary>
    Ignored,

    /// <summary>The release passed the process but was, for a given reason, not published. Terminal.</summary>
    NotPublished,

    /// <summary>The repository action for the last transition failed.</summary>
    Failed,
}
