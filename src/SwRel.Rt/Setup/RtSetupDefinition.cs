using System.Collections.Immutable;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;

namespace SwRel.Rt.Setup;

/// <summary>
/// What the SwRel workflow needs in RT (SPEC §3, §14): the queue, its custom fields with their values, the groups and
/// who may change which field. The initialdata writer and the set-up check both read it, so they cannot disagree.
/// </summary>
internal static class RtSetupDefinition
{
    public const string Queue = "sw-rel";
    public const string Lifecycle = "sw-rel";
    public const string QcGroup = "sw-rel-qc";
    public const string StageRolloutGroup = "sw-rel-sr";
    public const string ProductionGroup = "sw-rel-production";
    public const string AdminGroup = "sw-rel-admin";

    /// <summary>RT's role of the ticket's requestor: the software provider who submitted it.</summary>
    public const string RequestorRole = "Requestor";

    public const string RolloutProgress = "RolloutProgress";
    public const string VerificationReport = "VerificationReport";
    public const string StageRolloutReport = "StageRolloutReport";
    public const string ReleaseMetadata = "ReleaseMetadata";
    public const string ReleaseChecksums = "ReleaseChecksums";
    public const string StateHistory = "StateHistory";
    public const string CommunicationStatus = "CommunicationStatus";

    /// <summary>The ticket's last failed transition, kept after it leaves Failed (the gateway's rule, not a SPEC §3 field).</summary>
    public const string FailedTransition = "FailedTransition";

    /// <summary>The scrip's description, which also identifies it when the initialdata is applied again.</summary>
    public const string ScripDescription = "SwRel: on RolloutProgress change, post the transition request to the repository";

    public static ImmutableArray<string> Groups { get; } = [QcGroup, StageRolloutGroup, ProductionGroup, AdminGroup];

    public static ImmutableArray<RtCustomField> CustomFields { get; } =
    [
        Field(RolloutProgress, "Select", [.. Enum.GetValues<RolloutProgress>().Select(s => s.ToString())],
            "Where the release is in the rollout workflow; the repository acts on each change.", QcGroup, StageRolloutGroup, AdminGroup),
        Field(TicketField.SyncProtocol.ToName(), "Select", [.. Enum.GetValues<SyncProtocol>().Select(p => p.ToName())],
            "How the repository fetches the release.", RequestorRole, AdminGroup),
        Field(TicketField.SyncUrl.ToName(), "Freeform", [], "Where the repository fetches the release from (rsync://host/path, host::module/path, http(s)://, file://).", RequestorRole, AdminGroup),
        Field(TicketField.AssociatedMajorRelease.ToName(), "Freeform", [], "The major release, for example umd-4.", RequestorRole, AdminGroup),
        Field(TicketField.ReleaseType.ToName(), "Select", [nameof(ReleaseType.Incremental), nameof(ReleaseType.NonIncremental)],
            "Whether the release goes to the updates or the base area.", RequestorRole, AdminGroup),
        Field(TicketField.EmergencyRelease.ToName(), "Select", ["No", "Yes"], "Whether this is an emergency release.", RequestorRole, AdminGroup),
        Field(ReleaseMetadata, "Binary", [], "The release's release.xml.", RequestorRole, AdminGroup),
        Field(ReleaseChecksums, "Binary", [], "The checksum manifest of the release's files.", RequestorRole, AdminGroup),
        Field(VerificationReport, "Freeform", [], "The quality verification report (an http or https URL).", QcGroup, AdminGroup),
        Field(StageRolloutReport, "Freeform", [], "The staged rollout report (an http or https URL).", StageRolloutGroup, AdminGroup),
        Field(TicketField.RepositoryUrl.ToName(), "Freeform", [], "Where the release is in the repository; set by the repository.", AdminGroup),
        Field(StateHistory, "Text", [], "Every RolloutProgress entry with its UTC time and actor (CSV: state,entered_at_utc,actor); kept by the repository.", AdminGroup),
        Field(CommunicationStatus, "Text", [], "The repository's answer to the last RolloutProgress change: OK or what went wrong.", AdminGroup),
        Field(FailedTransition, "Freeform", [], "The last transition the repository could not carry out (from,to), kept for the admin's revert or retry.", AdminGroup),
    ];

    private static RtCustomField Field(string name, string type, ImmutableArray<string> values, string description, params string[] writers) =>
        new(name, type, values, description, [.. writers]);
}
