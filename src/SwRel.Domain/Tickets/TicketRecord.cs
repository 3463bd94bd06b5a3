using System.Collections.Immutable;
using SwRel.Domain.History;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tickets;

/// <summary>
/// Every stored value of a <see cref="Ticket"/>, for loading a ticket from a ticket system or
/// database (<see cref="Ticket.FromRecord"/>) and saving it back (<see cref="Ticket.ToRecord"/>).
/// </summary>
/// <remarks>
/// Immutable. Loading trusts the stored values (no write rules are applied: they were applied when
/// the values were written); only the invariants of <see cref="Ticket"/>'s constructor are checked.
/// </remarks>
public sealed record TicketRecord
{
    /// <summary>Gets the ticket number; positive.</summary>
    public required int Id { get; init; }

    /// <summary>Gets the AssociatedMajorRelease.</summary>
    public required MajorRelease AssociatedMajorRelease { get; init; }

    /// <summary>Gets the RolloutProgress. Default: Submitted.</summary>
    public RolloutProgress RolloutProgress { get; init; }

    /// <summary>Gets the RT status. Default: derived from the RolloutProgress (new, open or resolved) when null.</summary>
    public TicketStatus? Status { get; init; }

    /// <summary>Gets the RepositoryURL, or null.</summary>
    public string? RepositoryUrl { get; init; }

    /// <summary>Gets the SyncProtocol. Default: rsync.</summary>
    public SyncProtocol SyncProtocol { get; init; }

    /// <summary>Gets the SyncURL, or null.</summary>
    public string? SyncUrl { get; init; }

    /// <summary>Gets the ReleaseType. Default: NonIncremental.</summary>
    public ReleaseType ReleaseType { get; init; }

    /// <summary>Gets whether EmergencyRelease is Yes. Default: No.</summary>
    public bool EmergencyRelease { get; init; }

    /// <summary>Gets the VerificationReport, or null.</summary>
    public Uri? VerificationReport { get; init; }

    /// <summary>Gets the StageRolloutReport, or null.</summary>
    public Uri? StageRolloutReport { get; init; }

    /// <summary>Gets the ReleaseMetadata attachment name, or null.</summary>
    public string? ReleaseMetadata { get; init; }

    /// <summary>Gets the owner, or null.</summary>
    public string? Owner { get; init; }

    /// <summary>Gets the watchers. Default: none.</summary>
    public ImmutableArray<string> Watchers { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>Gets the CC groups. Default: none.</summary>
    public ImmutableArray<string> CcGroups { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>Gets the state history. Default: empty.</summary>
    public StateHistory History { get; init; } = StateHistory.Empty;

    /// <summary>Gets the failed transition recorded by the latest row 20 (kept after the ticket left Failed), or null.</summary>
    public FailedTransition? FailedTransition { get; init; }
}
