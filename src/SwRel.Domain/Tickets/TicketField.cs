namespace SwRel.Domain.Tickets;

/// <summary>The ticket fields of SPEC §3, as named on RT tickets.</summary>
public enum TicketField
{
    /// <summary>RepositoryURL: the repository-relative path of the release; written by Repo.</summary>
    RepositoryUrl = 0,

    /// <summary>SyncProtocol: rsync (default), http, https, ftp or file; written by the SoftwareProvider.</summary>
    SyncProtocol,

    /// <summary>SyncURL: an absolute URI whose scheme matches SyncProtocol; written by the SoftwareProvider.</summary>
    SyncUrl,

    /// <summary>AssociatedMajorRelease, for example umd-4; written by the SoftwareProvider.</summary>
    AssociatedMajorRelease,

    /// <summary>ReleaseType: Incremental or NonIncremental; written by the SoftwareProvider.</summary>
    ReleaseType,

    /// <summary>EmergencyRelease: Yes or No (default); written by the SoftwareProvider.</summary>
    EmergencyRelease,

    /// <summary>Status: the RT status (SPEC §2.2); written by VerificationTeam, StageRolloutTeam, Admin.</summary>
    Status,

    /// <summary>RolloutProgress: written only through a transition (SPEC §2.1).</summary>
    RolloutProgress,

    /// <summary>VerificationReport: an absolute http(s) URL; written by VerificationTeam.</summary>
    VerificationReport,

    /// <summary>StageRolloutReport: an absolute http(s) URL; written by StageRolloutTeam.</summary>
    StageRolloutReport,

    /// <summary>ReleaseMetadata: the attachment named release.xml; written by the SoftwareProvider.</summary>
    ReleaseMetadata,

    /// <summary>Owner: a person; written by Admin.</summary>
    Owner,

    /// <summary>Watchers: persons and groups, comma-separated; written by Admin.</summary>
    Watchers,

    /// <summary>StateHistory: the SPEC §5 CSV; written only through a transition, which appends its entry.</summary>
    StateHistory,
}
