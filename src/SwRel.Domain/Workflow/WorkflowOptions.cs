using SwRel.Domain.Notifications;
using SwRel.Domain.Tickets;

namespace SwRel.Domain.Workflow;

/// <summary>The configurable parts of the rollout workflow (SPEC §2.1, §3, §4).</summary>
/// <remarks>
/// A plain options class, validated at start by <see cref="WorkflowOptionsValidator"/>. Defaults:
/// emergency policy <see cref="EmergencyPolicy.FastStagedRollout"/>; an emergency release bypasses
/// the stage-rollout slot; new tickets are <see cref="ReleaseType.NonIncremental"/>; the SPEC §4
/// notification matrix; <c>sw-rel-admin</c> as AdminCc; no standing owners and no mandatory watchers.
/// </remarks>
public sealed class WorkflowOptions
{
    /// <summary>The placeholder in a CC group name that stands for the ticket's AssociatedMajorRelease.</summary>
    public const string MajorReleasePlaceholder = "{MajorRelease}";

    /// <summary>Gets or sets where an emergency release goes from Unverified. Default: <see cref="EmergencyPolicy.FastStagedRollout"/>.</summary>
    public EmergencyPolicy EmergencyPolicy { get; set; } = EmergencyPolicy.FastStagedRollout;

    /// <summary>Gets or sets whether an emergency release may enter StageRollout while its major release's slot is taken. Default: true.</summary>
    public bool EmergencyBypassesSlot { get; set; } = true;

    /// <summary>Gets or sets the ReleaseType of a new ticket. Default: <see cref="ReleaseType.NonIncremental"/>.</summary>
    public ReleaseType DefaultReleaseType { get; set; } = ReleaseType.NonIncremental;

    /// <summary>Gets or sets the group that is AdminCc on every change. Default: <c>sw-rel-admin</c>.</summary>
    public string AdminCcGroup { get; set; } = "sw-rel-admin";

    /// <summary>Gets or sets the notification matrix: the rule for each state entered; a state without a rule notifies nobody.</summary>
    public Dictionary<RolloutProgress, NotificationRule> Notifications { get; set; } = DefaultNotifications();

    /// <summary>Gets or sets the QC-verification task leader, standing owner in InVerification and WaitingForResponse. Default: none.</summary>
    public string? QcVerificationTaskLeader { get; set; }

    /// <summary>Gets or sets the stage-rollout task leader, standing owner in StageRollout. Default: none.</summary>
    public string? StageRolloutTaskLeader { get; set; }

    /// <summary>Gets or sets the watchers every ticket has and that cannot be removed. Default: none.</summary>
    public List<string> MandatoryWatchers { get; set; } = [];

    /// <summary>Builds the SPEC §4 default notification matrix.</summary>
    /// <returns>A new, mutable matrix.</returns>
    public static Dictionary<RolloutProgress, NotificationRule> DefaultNotifications() => new()
    {
        [RolloutProgress.Unverified] = new() { Notify = NotificationRecipients.Repo, CcGroups = ["sw-rel-qc"] },
        [RolloutProgress.WaitingForResponse] = new() { Notify = NotificationRecipients.Requestor },
        [RolloutProgress.StageRollout] = new()
        {
            Notify = NotificationRecipients.Repo,
            CcGroups = ["sw-rel-sr", MajorReleasePlaceholder + "-early-adopters"],
        },
        [RolloutProgress.Deferred] = new() { Notify = NotificationRecipients.Requestor },
        [RolloutProgress.Production] = new()
        {
            Notify = NotificationRecipients.Repo | NotificationRecipients.Requestor,
            CcGroups = ["sw-rel-production"],
        },
        [RolloutProgress.Rejected] = new() { Notify = NotificationRecipients.Repo | NotificationRecipients.Requestor, IncludeReason = true },
        [RolloutProgress.Ignored] = new() { Notify = NotificationRecipients.Repo | NotificationRecipients.Requestor, IncludeReason = true },
        [RolloutProgress.NotPublished] = new() { Notify = NotificationRecipients.Repo | NotificationRecipients.Requestor, IncludeReason = true },
    };
}
