namespace SwRel.Pipeline;

/// <summary>The names of the ticket fields the pipeline reads and writes through an <see cref="ITicketGateway"/> (SPEC §3).</summary>
public static class TicketFieldNames
{
    /// <summary>The repository-relative path of the release; written by the pipeline.</summary>
    public const string RepositoryUrl = "RepositoryURL";

    /// <summary>How the repository fetches the release: <c>rsync</c>, <c>http</c>, <c>https</c>, <c>ftp</c> or <c>file</c>.</summary>
    public const string SyncProtocol = "SyncProtocol";

    /// <summary>Where the repository fetches the release from.</summary>
    public const string SyncUrl = "SyncURL";

    /// <summary>The major release, for example <c>umd-4</c>.</summary>
    public const string AssociatedMajorRelease = "AssociatedMajorRelease";

    /// <summary><c>Incremental</c> or <c>NonIncremental</c>.</summary>
    public const string ReleaseType = "ReleaseType";

    /// <summary><c>Yes</c> or <c>No</c>.</summary>
    public const string EmergencyRelease = "EmergencyRelease";
}
