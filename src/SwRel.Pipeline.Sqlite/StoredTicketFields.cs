using System.Collections.Immutable;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;

namespace SwRel.Pipeline.Sqlite;

/// <summary>Turns a <see cref="StoredTicket"/>'s text fields into the Domain's <see cref="TicketRecord"/> and back.</summary>
/// <remarks>The store holds only what the Domain's write rules let through, so reading trusts the text (as <see cref="TicketRecord"/> does).</remarks>
internal static class StoredTicketFields
{
    public const string Status = "Status";
    public const string VerificationReport = "VerificationReport";
    public const string StageRolloutReport = "StageRolloutReport";
    public const string ReleaseMetadata = "ReleaseMetadata";
    public const string Owner = "Owner";
    public const string Watchers = "Watchers";
    public const string StateHistory = "StateHistory";
    public const string CommunicationStatus = "CommunicationStatus";
    public const string CcGroups = "CcGroups";

    /// <summary>The §3 names of the fields a person writes, by <see cref="TicketField"/>.</summary>
    public static readonly ImmutableDictionary<string, TicketField> Writable = new Dictionary<string, TicketField>
    {
        [TicketField.RepositoryUrl.ToName()] = TicketField.RepositoryUrl,
        [TicketField.SyncProtocol.ToName()] = TicketField.SyncProtocol,
        [TicketField.SyncUrl.ToName()] = TicketField.SyncUrl,
        [TicketField.AssociatedMajorRelease.ToName()] = TicketField.AssociatedMajorRelease,
        [TicketField.ReleaseType.ToName()] = TicketField.ReleaseType,
        [TicketField.EmergencyRelease.ToName()] = TicketField.EmergencyRelease,
        [Status] = TicketField.Status,
        ["RolloutProgress"] = TicketField.RolloutProgress,
        [VerificationReport] = TicketField.VerificationReport,
        [StageRolloutReport] = TicketField.StageRolloutReport,
        [ReleaseMetadata] = TicketField.ReleaseMetadata,
        [Owner] = TicketField.Owner,
        [Watchers] = TicketField.Watchers,
    }.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The Domain's record of a stored ticket: the fields every ticket system has are converted by
    /// <see cref="TicketSnapshot.FromTicketSystem"/>, the one conversion from text, and only the fields the pipeline does not
    /// read (Status, the reports, ReleaseMetadata, Owner, Watchers, CcGroups) here.
    /// </summary>
    public static TicketRecord ToRecord(StoredTicket stored) => ToRecord(stored, ToSnapshot(stored));

    /// <summary>The pipeline's view of a stored ticket.</summary>
    public static TicketSnapshot ToSnapshot(StoredTicket stored) =>
        TicketSnapshot.FromTicketSystem(stored.Id, stored.RolloutProgress, stored.RolloutProgressSinceUtc, stored.Fields, stored.LastFailedTransition);

    private static TicketRecord ToRecord(StoredTicket stored, TicketSnapshot snapshot)
    {
        string? Text(string name) => stored.Fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        static ImmutableArray<string> List(string? text) =>
            text is null ? [] : [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        static Uri? Url(string? text) => text is not null && Uri.TryCreate(text, UriKind.Absolute, out var url) ? url : null;

        return new TicketRecord
        {
            Id = stored.Id,

            // The store keeps only what the write rules let through, so the major release and ReleaseType are there and valid.
            AssociatedMajorRelease = snapshot.AssociatedMajorRelease ?? MajorRelease.Parse(Text(TicketField.AssociatedMajorRelease.ToName()) ?? ""),
            RolloutProgress = stored.RolloutProgress,
            Status = Enum.TryParse<TicketStatus>(Text(Status), ignoreCase: true, out var status) ? status : null,
            RepositoryUrl = snapshot.RepositoryUrl,
            SyncProtocol = snapshot.SyncProtocol,
            SyncUrl = snapshot.SyncUrl,
            ReleaseType = snapshot.ReleaseType ?? ReleaseType.NonIncremental,
            EmergencyRelease = snapshot.EmergencyRelease,
            VerificationReport = Url(Text(VerificationReport)),
            StageRolloutReport = Url(Text(StageRolloutReport)),
            ReleaseMetadata = Text(ReleaseMetadata),
            Owner = Text(Owner),
            Watchers = List(Text(Watchers)),
            CcGroups = List(Text(CcGroups)),
            History = snapshot.History,
            FailedTransition = stored.LastFailedTransition,
        };
    }

    /// <summary>The ticket's fields as text, keeping the stored fields the Domain's ticket does not hold (CommunicationStatus).</summary>
    public static ImmutableDictionary<string, string> ToFields(Ticket ticket, ImmutableDictionary<string, string> previous)
    {
        var fields = previous.ToBuilder();
        void Set(string name, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                fields.Remove(name);
            }
            else
            {
                fields[name] = value;
            }
        }

        Set(TicketField.AssociatedMajorRelease.ToName(), ticket.AssociatedMajorRelease.Name);
        Set(Status, ticket.Status.ToString().ToLowerInvariant());
        Set(TicketField.RepositoryUrl.ToName(), ticket.RepositoryUrl);
        Set(TicketField.SyncProtocol.ToName(), ticket.SyncProtocol.ToName());
        Set(TicketField.SyncUrl.ToName(), ticket.SyncUrl);
        Set(TicketField.ReleaseType.ToName(), ticket.ReleaseType.ToString());
        Set(TicketField.EmergencyRelease.ToName(), ticket.EmergencyRelease ? "Yes" : "No");
        Set(VerificationReport, ticket.VerificationReport?.OriginalString);
        Set(StageRolloutReport, ticket.StageRolloutReport?.OriginalString);
        Set(ReleaseMetadata, ticket.ReleaseMetadata);
        Set(Owner, ticket.Owner);
        Set(Watchers, string.Join(", ", ticket.Watchers));
        Set(CcGroups, string.Join(", ", ticket.CcGroups));
        Set(StateHistory, ticket.History.ToCsv());
        return fields.ToImmutable();
    }
}
