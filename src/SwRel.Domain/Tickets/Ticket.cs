using System.Collections.Immutable;
using SwRel.Domain.History;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tickets;

/// <summary>A release ticket: its RolloutProgress, RT status, the fields of SPEC §3, its state history and its recorded failure.</summary>
/// <remarks>
/// The ticket is the state storage of the rollout machine: <see cref="RolloutWorkflow"/> reads and
/// writes <see cref="RolloutProgress"/> here, so the state lives with the caller. Fields change only
/// through <see cref="RolloutWorkflow.WriteField"/> and <see cref="RolloutWorkflow.Fire"/>, which
/// enforce who may write what. Not thread-safe: one ticket is changed by one caller at a time.
/// </remarks>
public sealed class Ticket
{
    /// <summary>Creates a ticket, for example one loaded from a ticket database.</summary>
    /// <param name="id">The ticket number; positive.</param>
    /// <param name="associatedMajorRelease">The major release, for example <c>umd-4</c>.</param>
    /// <param name="rolloutProgress">The current state. Default: Submitted.</param>
    /// <param name="history">The state history. Default: empty.</param>
    /// <param name="failedTransition">The last recorded failure (row 20), kept after the ticket left Failed; see <see cref="LastFailedTransition"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is not positive, or the state is not defined.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="associatedMajorRelease"/> is null.</exception>
    public Ticket(
        int id,
        MajorRelease associatedMajorRelease,
        RolloutProgress rolloutProgress = RolloutProgress.Submitted,
        StateHistory? history = null,
        FailedTransition? failedTransition = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        ArgumentNullException.ThrowIfNull(associatedMajorRelease);
        if (!Enum.IsDefined(rolloutProgress))
        {
            throw new ArgumentOutOfRangeException(nameof(rolloutProgress), rolloutProgress, "Not a RolloutProgress state.");
        }

        Id = id;
        AssociatedMajorRelease = associatedMajorRelease;
        RolloutProgress = rolloutProgress;
        History = history ?? StateHistory.Empty;
        LastFailedTransition = failedTransition;
        Status = rolloutProgress.IsTerminal() ? TicketStatus.Resolved
            : rolloutProgress == RolloutProgress.Submitted ? TicketStatus.New : TicketStatus.Open;
    }

    /// <summary>Loads a ticket from its stored values, without applying the write rules.</summary>
    /// <remarks>
    /// Knows no options, so it does not add the configured mandatory watchers: load through
    /// <see cref="RolloutWorkflow.LoadTicket"/>, which does (SPEC §4).
    /// </remarks>
    /// <param name="record">The stored values.</param>
    /// <returns>The ticket.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The id is not positive or the state is not defined.</exception>
    public static Ticket FromRecord(TicketRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var ticket = new Ticket(record.Id, record.AssociatedMajorRelease, record.RolloutProgress, record.History, record.FailedTransition)
        {
            RepositoryUrl = record.RepositoryUrl,
            SyncProtocol = record.SyncProtocol,
            SyncUrl = record.SyncUrl,
            ReleaseType = record.ReleaseType,
            EmergencyRelease = record.EmergencyRelease,
            VerificationReport = record.VerificationReport,
            StageRolloutReport = record.StageRolloutReport,
            ReleaseMetadata = record.ReleaseMetadata,
            Owner = record.Owner,
            Watchers = record.Watchers.IsDefault ? ImmutableArray<string>.Empty : record.Watchers,
            CcGroups = record.CcGroups.IsDefault ? ImmutableArray<string>.Empty : record.CcGroups,
        };
        if (record.Status is { } status)
        {
            ticket.Status = status;
        }

        return ticket;
    }

    /// <summary>Returns the ticket's stored values, to save them.</summary>
    /// <returns>A record that <see cref="FromRecord"/> turns back into an equal ticket.</returns>
    public TicketRecord ToRecord() => new()
    {
        Id = Id,
        AssociatedMajorRelease = AssociatedMajorRelease,
        RolloutProgress = RolloutProgress,
        Status = Status,
        RepositoryUrl = RepositoryUrl,
        SyncProtocol = SyncProtocol,
        SyncUrl = SyncUrl,
        ReleaseType = ReleaseType,
        EmergencyRelease = EmergencyRelease,
        VerificationReport = VerificationReport,
        StageRolloutReport = StageRolloutReport,
        ReleaseMetadata = ReleaseMetadata,
        Owner = Owner,
        Watchers = Watchers,
        CcGroups = CcGroups,
        History = History,
        FailedTransition = LastFailedTransition,
    };

    /// <summary>Gets the ticket number.</summary>
    public int Id { get; }

    /// <summary>Gets the RolloutProgress (SPEC §2); changed only by a transition.</summary>
    public RolloutProgress RolloutProgress { get; internal set; }

    /// <summary>Gets the RT status (SPEC §2.2).</summary>
    public TicketStatus Status { get; internal set; }

    /// <summary>Gets the AssociatedMajorRelease.</summary>
    public MajorRelease AssociatedMajorRelease { get; internal set; }

    /// <summary>Gets the RepositoryURL: where the release sits in the repository; null until the repository set it.</summary>
    public string? RepositoryUrl { get; internal set; }

    /// <summary>Gets the SyncProtocol. Default: rsync.</summary>
    public SyncProtocol SyncProtocol { get; internal set; } = SyncProtocol.Rsync;

    /// <summary>Gets the SyncURL; null until the provider set it.</summary>
    public string? SyncUrl { get; internal set; }

    /// <summary>Gets the ReleaseType. Default: NonIncremental (the workflow's configured default for new tickets).</summary>
    public ReleaseType ReleaseType { get; internal set; } = ReleaseType.NonIncremental;

    /// <summary>Gets whether EmergencyRelease is Yes. Default: No.</summary>
    public bool EmergencyRelease { get; internal set; }

    /// <summary>Gets the VerificationReport URL, or null.</summary>
    public Uri? VerificationReport { get; internal set; }

    /// <summary>Gets the StageRolloutReport URL, or null.</summary>
    public Uri? StageRolloutReport { get; internal set; }

    /// <summary>Gets the name of the ReleaseMetadata attachment (<c>release.xml</c>), or null when none is attached yet.</summary>
    public string? ReleaseMetadata { get; internal set; }

    /// <summary>Gets the owner, or null.</summary>
    public string? Owner { get; internal set; }

    /// <summary>Gets the watchers (persons and groups); always includes the configured mandatory watchers.</summary>
    public ImmutableArray<string> Watchers { get; internal set; } = ImmutableArray<string>.Empty;

    /// <summary>Gets the CC groups, recomputed on each RolloutProgress change once the repository answered CommunicationStatus OK.</summary>
    public ImmutableArray<string> CcGroups { get; internal set; } = ImmutableArray<string>.Empty;

    /// <summary>Gets the state history.</summary>
    public StateHistory History { get; internal set; }

    /// <summary>Gets the failed transition, while the ticket is Failed; otherwise null.</summary>
    /// <remarks>The view of <see cref="LastFailedTransition"/> that rows 21 to 23 use.</remarks>
    public FailedTransition? FailedTransition => RolloutProgress == RolloutProgress.Failed ? LastFailedTransition : null;

    /// <summary>Gets the failed transition recorded by the latest row 20, or null when the ticket never failed.</summary>
    /// <remarks>
    /// Kept after the ticket leaves Failed (a revert, retry or rejection does not clear it) and replaced by
    /// the next failure, so that a request about leaving Failed can still be resolved once the ticket has
    /// left it. <see cref="ToRecord"/> saves it as <see cref="TicketRecord.FailedTransition"/>.
    /// </remarks>
    public FailedTransition? LastFailedTransition { get; internal set; }
}
