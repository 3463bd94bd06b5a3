using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Metadata.Releases;

namespace SwRel.Repository.Planning;

/// <summary>What the planner needs to plan one transition of one release: the transition, the descriptor and the ticket fields.</summary>
/// <remarks>
/// Defaults: no ticket id, no ReleaseType (the descriptor's <c>incremental</c> decides, else the configured default),
/// SyncProtocol rsync, no SyncURL (required only when the plan fetches: Submitted → Unverified and its retry),
/// checksum manifest <see cref="DefaultChecksumManifest"/>, no failed transition (required when <see cref="From"/> is
/// Failed, except Failed → Rejected). Immutable.
/// </remarks>
public sealed record RepositoryPlanRequest
{
    /// <summary>The manifest name used when none is given: <c>checksums.meta4</c> (a Metalink 4 file at the release's root).</summary>
    public const string DefaultChecksumManifest = "checksums.meta4";

    /// <summary>Gets the transition's source state.</summary>
    public required RolloutProgress From { get; init; }

    /// <summary>Gets the transition's target state.</summary>
    public required RolloutProgress To { get; init; }

    /// <summary>Gets the release descriptor.</summary>
    public required ReleaseDescriptor Descriptor { get; init; }

    /// <summary>Gets the ticket's AssociatedMajorRelease, for example <c>umd-4</c>.</summary>
    public required MajorRelease MajorRelease { get; init; }

    /// <summary>Gets the ticket id, or <see langword="null"/> when unknown (only a <c>{ticketId}</c> template needs it).</summary>
    public int? TicketId { get; init; }

    /// <summary>Gets the ticket's ReleaseType, or <see langword="null"/> to follow the descriptor's <c>incremental</c> (NRMS descriptors: the configured default, NonIncremental).</summary>
    public ReleaseType? ReleaseType { get; init; }

    /// <summary>Gets the ticket's SyncProtocol (default rsync).</summary>
    public SyncProtocol SyncProtocol { get; init; } = SyncProtocol.Rsync;

    /// <summary>Gets the ticket's SyncURL, or <see langword="null"/>; required when the plan fetches.</summary>
    public string? SyncUrl { get; init; }

    /// <summary>Gets the checksum manifest's path relative to the release root (default <see cref="DefaultChecksumManifest"/>).</summary>
    public string ChecksumManifest { get; init; } = DefaultChecksumManifest;

    /// <summary>
    /// Gets the transition whose repository action failed, when <see cref="From"/> or <see cref="To"/> is Failed:
    /// it tells a revert from a retry and where the release is.
    /// </summary>
    public TransitionPair? FailedTransition { get; init; }
}
