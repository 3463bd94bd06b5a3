using System.Collections.Immutable;
using SwRel.Domain.History;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tickets;

/// <summary>
/// A ticket as a ticket system holds it, read at one moment and typed: its RolloutProgress, the fields the
/// repository works with (SPEC §3), its state history and its last failed transition.
/// </summary>
/// <remarks>
/// <para>
/// Made only by <see cref="FromTicketSystem"/>, which converts and validates the raw parts every ticket system has.
/// A field that is missing takes its SPEC §3 default (SyncProtocol rsync, EmergencyRelease No, ReleaseType none: the
/// release's own descriptor then decides); a field that is present but not valid is named in <see cref="Problems"/>, and
/// the repository carries out nothing for the ticket until it is corrected.
/// </para>
/// <para>Immutable: the ticket may change after it was read.</para>
/// </remarks>
public sealed class TicketSnapshot
{
    private TicketSnapshot()
    {
    }

    /// <summary>Gets the ticket's number.</summary>
    public int Id { get; private init; }

    /// <summary>Gets the ticket's RolloutProgress.</summary>
    public RolloutProgress RolloutProgress { get; private init; }

    /// <summary>Gets when the ticket entered its RolloutProgress (orders Deferred tickets, oldest first).</summary>
    public DateTimeOffset RolloutProgressSinceUtc { get; private init; }

    /// <summary>
    /// Gets the ticket's last failed transition: the one recorded when it last entered Failed (row 20), kept after the
    /// ticket left Failed until the next failure replaces it; <see langword="null"/> when the ticket never failed.
    /// </summary>
    public FailedTransition? LastFailedTransition { get; private init; }

    /// <summary>Gets the AssociatedMajorRelease; <see langword="null"/> when missing or not valid (see <see cref="Problems"/>).</summary>
    public MajorRelease? AssociatedMajorRelease { get; private init; }

    /// <summary>Gets the SyncProtocol. Default: rsync.</summary>
    public SyncProtocol SyncProtocol { get; private init; } = SyncProtocol.Rsync;

    /// <summary>Gets the SyncURL, or <see langword="null"/> when missing.</summary>
    public string? SyncUrl { get; private init; }

    /// <summary>Gets the ReleaseType, or <see langword="null"/> when missing (the release's descriptor then decides).</summary>
    public ReleaseType? ReleaseType { get; private init; }

    /// <summary>Gets whether EmergencyRelease is Yes. Default: No.</summary>
    public bool EmergencyRelease { get; private init; }

    /// <summary>Gets the RepositoryURL, or <see langword="null"/> when the repository has not set it.</summary>
    public string? RepositoryUrl { get; private init; }

    /// <summary>Gets the state history (SPEC §5); empty when the ticket system keeps none.</summary>
    public StateHistory History { get; private init; } = StateHistory.Empty;

    /// <summary>Gets what is wrong with the ticket's fields, one sentence each naming the field; empty when nothing is.</summary>
    public ImmutableArray<string> Problems { get; private init; } = ImmutableArray<string>.Empty;

    /// <summary>
    /// Converts and validates a ticket as a ticket system holds it: the one way from a ticket system's values to the
    /// typed ticket.
    /// </summary>
    /// <param name="id">The ticket's number; positive.</param>
    /// <param name="rolloutProgress">The ticket's RolloutProgress.</param>
    /// <param name="rolloutProgressSinceUtc">When the ticket entered it.</param>
    /// <param name="fields">
    /// The other fields as text, by their SPEC §3 names (<see cref="TicketFieldText.ToName"/>, compared without regard to
    /// case): AssociatedMajorRelease, SyncProtocol, SyncURL, ReleaseType, EmergencyRelease, RepositoryURL, StateHistory.
    /// A missing or blank field is absent; others are ignored.
    /// </param>
    /// <param name="lastFailedTransition">The ticket's last failed transition, kept after it left Failed, or <see langword="null"/>.</param>
    /// <returns>The ticket; its <see cref="Problems"/> name each field that is not valid.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is not positive, or the state is not defined.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="fields"/> is null.</exception>
    public static TicketSnapshot FromTicketSystem(
        int id,
        RolloutProgress rolloutProgress,
        DateTimeOffset rolloutProgressSinceUtc,
        IReadOnlyDictionary<string, string> fields,
        FailedTransition? lastFailedTransition)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        ArgumentNullException.ThrowIfNull(fields);
        if (!Enum.IsDefined(rolloutProgress))
        {
            throw new ArgumentOutOfRangeException(nameof(rolloutProgress), rolloutProgress, "Not a RolloutProgress state.");
        }

        var byName = fields.Count == 0 || fields is ImmutableDictionary<string, string> { KeyComparer: var comparer } && comparer.Equals(StringComparer.OrdinalIgnoreCase)
            ? fields
            : fields.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase);
        var problems = ImmutableArray.CreateBuilder<string>();

        string? Text(TicketField field) =>
            byName.TryGetValue(field.ToName(), out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        MajorRelease? major = null;
        var majorText = Text(TicketField.AssociatedMajorRelease);
        if (majorText is null)
        {
            problems.Add("The ticket's AssociatedMajorRelease is missing; it names the major release, for example 'umd-4'.");
        }
        else if (!MajorRelease.TryParse(majorText, out major, out var majorError))
        {
            problems.Add(majorError);
        }

        var protocol = SyncProtocol.Rsync;
        if (Text(TicketField.SyncProtocol) is { } protocolText && !SyncProtocolText.TryParse(protocolText, out protocol))
        {
            problems.Add($"SyncProtocol '{protocolText}' is not one of rsync, http, https, ftp, file.");
        }

        ReleaseType? releaseType = null;
        if (Text(TicketField.ReleaseType) is { } typeText)
        {
            if (ReleaseTypeText.TryParse(typeText, out var parsed))
            {
                releaseType = parsed;
            }
            else
            {
                problems.Add($"ReleaseType '{typeText}' is not Incremental or NonIncremental.");
            }
        }

        var emergency = false;
        if (Text(TicketField.EmergencyRelease) is { } emergencyText)
        {
            emergency = string.Equals(emergencyText, "Yes", StringComparison.OrdinalIgnoreCase);
            if (!emergency && !string.Equals(emergencyText, "No", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"The ticket's EmergencyRelease '{emergencyText}' is neither Yes nor No, so the repository cannot tell which transitions apply.");
            }
        }

        var history = StateHistory.Empty;
        if (Text(TicketField.StateHistory) is { } historyText && !StateHistory.TryParse(historyText, out history, out var historyError))
        {
            history = StateHistory.Empty;
            problems.Add($"The ticket's StateHistory is not a state history: {historyError}");
        }

        return new TicketSnapshot
        {
            Id = id,
            RolloutProgress = rolloutProgress,
            RolloutProgressSinceUtc = rolloutProgressSinceUtc,
            LastFailedTransition = lastFailedTransition,
            AssociatedMajorRelease = major,
            SyncProtocol = protocol,
            SyncUrl = Text(TicketField.SyncUrl),
            ReleaseType = releaseType,
            EmergencyRelease = emergency,
            RepositoryUrl = Text(TicketField.RepositoryUrl),
            History = history,
            Problems = problems.ToImmutable(),
        };
    }
}
