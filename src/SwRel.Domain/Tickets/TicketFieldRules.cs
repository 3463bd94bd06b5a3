using System.Collections.Immutable;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tickets;

/// <summary>Who may write each ticket field, and what each field accepts (SPEC §3, §2.2).</summary>
/// <remarks>Stateless and thread-safe. Admin may write whatever a team (VerificationTeam, StageRolloutTeam) may write.</remarks>
internal static class TicketFieldRules
{
    /// <summary>Returns the writers SPEC §3 names for <paramref name="field"/> (Admin added where a team may write).</summary>
    /// <param name="field">The field.</param>
    /// <returns>The writers allowed; empty for RolloutProgress, which changes only by a transition.</returns>
    public static IReadOnlyList<TicketWriter> WritersOf(TicketField field) => field switch
    {
        TicketField.RepositoryUrl => [TicketWriter.Repo],
        TicketField.SyncProtocol or TicketField.SyncUrl or TicketField.AssociatedMajorRelease or TicketField.ReleaseType
            or TicketField.EmergencyRelease or TicketField.ReleaseMetadata => [TicketWriter.SoftwareProvider],
        TicketField.Status => [TicketWriter.VerificationTeam, TicketWriter.StageRolloutTeam, TicketWriter.Admin],
        TicketField.VerificationReport => [TicketWriter.VerificationTeam, TicketWriter.Admin],
        TicketField.StageRolloutReport => [TicketWriter.StageRolloutTeam, TicketWriter.Admin],
        TicketField.Owner or TicketField.Watchers => [TicketWriter.Admin],
        _ => [],
    };

    /// <summary>Returns whether <paramref name="field"/> is written by the software provider and therefore frozen once the ticket leaves Submitted.</summary>
    /// <param name="field">The field.</param>
    /// <returns><see langword="true"/> for SyncProtocol, SyncURL, AssociatedMajorRelease, ReleaseType, EmergencyRelease and ReleaseMetadata.</returns>
    public static bool IsProviderField(TicketField field) =>
        field is TicketField.SyncProtocol or TicketField.SyncUrl or TicketField.AssociatedMajorRelease
            or TicketField.ReleaseType or TicketField.EmergencyRelease or TicketField.ReleaseMetadata;

    internal static FieldWriteResult Write(
        RolloutWorkflow workflow, Ticket ticket, TicketField field, string? value, TicketWriter writer, ImmutableArray<string> mandatoryWatchers)
    {
        if (!Enum.IsDefined(field))
        {
            return new(field, $"{(int)field} is not a ticket field.");
        }

        var name = FieldName(field);
        if (field == TicketField.StateHistory)
        {
            return new(field, "StateHistory is not written as a field: every transition appends its own entry.");
        }

        if (field == TicketField.RolloutProgress)
        {
            return new(field, "RolloutProgress is not written as a field: ask for a transition (the transition table names who may ask for each one).");
        }

        var writers = WritersOf(field);
        if (!writers.Contains(writer))
        {
            return new(field, $"{writer} may not write {name}; it is written by {string.Join(" or ", writers)}.");
        }

        if (IsProviderField(field) && ticket.RolloutProgress != RolloutProgress.Submitted)
        {
            return new(field, $"{name} is frozen: the ticket left Submitted (it is {ticket.RolloutProgress.ToName()}), and the release the repository downloaded must not change.");
        }

        var text = value?.Trim();
        var empty = string.IsNullOrEmpty(text);
        switch (field)
        {
            case TicketField.RepositoryUrl:
                if (empty)
                {
                    if (ticket.RolloutProgress == RolloutProgress.Failed && ticket.FailedTransition is not { From: RolloutProgress.Submitted })
                    {
                        // Only a failed first download (Submitted → Unverified) leaves a Failed ticket with no release in the repository.
                        var failedText = ticket.FailedTransition is { } failed
                            ? $"Failed after {failed.From.ToName()} → {failed.To.ToName()}, so the release was already in the repository"
                            : "Failed with no recorded failed transition, so the release may already be in the repository";
                        return new(field, $"RepositoryURL may be empty only until the ticket is Unverified; it is {failedText}.");
                    }

                    if (ticket.RolloutProgress is not (RolloutProgress.Submitted or RolloutProgress.Failed))
                    {
                        return new(field, $"RepositoryURL may be empty only until the ticket is Unverified; it is {ticket.RolloutProgress.ToName()}.");
                    }

                    ticket.RepositoryUrl = null;
                    return new(field, null);
                }

                if (RepositoryPathRule.FindProblem(text!) is { } pathProblem)
                {
                    return new(field, $"RepositoryURL '{text}' {pathProblem}.");
                }

                ticket.RepositoryUrl = text;
                return new(field, null);

            case TicketField.SyncProtocol:
                if (!SyncProtocolText.TryParse(text, out var protocol))
                {
                    return new(field, $"SyncProtocol '{value}' must be rsync, http, https, ftp or file.");
                }

                if (ticket.SyncUrl is { } syncUrl && SyncUrlProblem(syncUrl, protocol) is { } mismatch)
                {
                    return new(field, $"SyncProtocol '{text}' does not match the SyncURL '{syncUrl}', which {mismatch}; write a SyncURL of the new protocol instead, which sets SyncProtocol with it.");
                }

                ticket.SyncProtocol = protocol;
                return new(field, null);

            case TicketField.SyncUrl:
                if (empty)
                {
                    return new(field, "SyncURL cannot be cleared: the repository fetches the release from it. Write the new SyncURL instead.");
                }

                if (SyncUrlProblem(text!, ticket.SyncProtocol) is { } urlProblem)
                {
                    // A URL of another protocol switches SyncProtocol with it: the two fields change together or not at all,
                    // as SyncURL may never be empty (SPEC §3) and must always match SyncProtocol.
                    if (ProtocolOf(text!) is not { } switched || switched == ticket.SyncProtocol)
                    {
                        return new(field, $"SyncURL '{text}' {urlProblem}.");
                    }

                    ticket.SyncProtocol = switched;
                }

                ticket.SyncUrl = text;
                return new(field, null);

            case TicketField.AssociatedMajorRelease:
                if (!MajorRelease.TryParse(text, out var major, out var majorError))
                {
                    return new(field, majorError);
                }

                ticket.AssociatedMajorRelease = major;
                return new(field, null);

            case TicketField.ReleaseType:
                if (!ReleaseTypeText.TryParse(text, out var releaseType))
                {
                    return new(field, $"ReleaseType '{value}' must be Incremental or NonIncremental.");
                }

                ticket.ReleaseType = releaseType;
                return new(field, null);

            case TicketField.EmergencyRelease:
                if (!TryParseYesNo(text, out var emergency))
                {
                    return new(field, $"EmergencyRelease '{value}' must be Yes or No.");
                }

                ticket.EmergencyRelease = emergency;
                return new(field, null);

            case TicketField.ReleaseMetadata:
                if (!string.Equals(text, "release.xml", StringComparison.Ordinal))
                {
                    return new(field, $"ReleaseMetadata must be the attachment named release.xml, not '{value}'.");
                }

                ticket.ReleaseMetadata = text;
                return new(field, null);

            case TicketField.VerificationReport:
            case TicketField.StageRolloutReport:
                Uri? report = null;
                if (!empty && !(Uri.TryCreate(text, UriKind.Absolute, out report) && report.Scheme is "http" or "https" && report.Host.Length > 0))
                {
                    return new(field, $"{name} '{text}' must be an absolute http or https URL.");
                }

                if (field == TicketField.VerificationReport)
                {
                    ticket.VerificationReport = report;
                }
                else
                {
                    ticket.StageRolloutReport = report;
                }

                return new(field, null);

            case TicketField.Owner:
                if (empty)
                {
                    ticket.Owner = null;
                    return new(field, null);
                }

                if (!TicketText.IsCleanName(text!))
                {
                    return new(field, $"Owner '{text}' must be a person's name without commas or control characters.");
                }

                ticket.Owner = text;
                if (ticket.Status == TicketStatus.New)
                {
                    ticket.Status = TicketStatus.Open;
                }

                return new(field, null);

            case TicketField.Watchers:
                return WriteWatchers(ticket, text ?? string.Empty, mandatoryWatchers);

            case TicketField.Status:
                return WriteStatus(workflow, ticket, text, value, writer);

            default:
                return new(field, $"{name} cannot be written.");
        }
    }

    private static FieldWriteResult WriteWatchers(Ticket ticket, string text, ImmutableArray<string> mandatory)
    {
        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TicketText.IsCleanName(part))
            {
                return new(TicketField.Watchers, $"Watchers: '{part}' must be a person or group name without control characters.");
            }

            if (!builder.Contains(part, StringComparer.OrdinalIgnoreCase))
            {
                builder.Add(part);
            }
        }

        var missing = mandatory.Where(m => !builder.Contains(m, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0)
        {
            return new(TicketField.Watchers, $"Watchers must keep the mandatory watchers {string.Join(", ", missing)}; they cannot be removed.");
        }

        ticket.Watchers = builder.ToImmutable();
        return new(TicketField.Watchers, null);
    }

    private static FieldWriteResult WriteStatus(RolloutWorkflow workflow, Ticket ticket, string? text, string? value, TicketWriter writer)
    {
        var state = ticket.RolloutProgress;
        switch (text?.ToLowerInvariant())
        {
            case "deleted":
            case "stalled":
                return new(TicketField.Status, $"Status '{text}' does not apply to release tickets; use new, open, rejected or resolved.");
            case "new":
                if (state != RolloutProgress.Submitted || ticket.Owner is not null)
                {
                    return new(TicketField.Status, "Status new applies only to a Submitted ticket without an owner.");
                }

                ticket.Status = TicketStatus.New;
                return new(TicketField.Status, null);
            case "open":
                if (state.IsTerminal())
                {
                    return new(TicketField.Status, $"Status open does not apply: RolloutProgress {state.ToName()} is terminal, so the ticket is resolved.");
                }

                ticket.Status = TicketStatus.Open;
                return new(TicketField.Status, null);
            case "resolved":
                if (!state.IsTerminal())
                {
                    return new(TicketField.Status, $"Status resolved follows a terminal RolloutProgress; the ticket is {state.ToName()}.");
                }

                ticket.Status = TicketStatus.Resolved;
                return new(TicketField.Status, null);
            case "rejected":
                if (state != RolloutProgress.Submitted)
                {
                    return new(TicketField.Status, $"Status rejected (a faulty, invalid or duplicate ticket) is allowed only while the ticket is Submitted; it is {state.ToName()}.");
                }

                // RT-level rejection moves the ticket to Rejected; it is not a table row, so it is recorded here.
                var from = ticket.RolloutProgress;
                ticket.RolloutProgress = RolloutProgress.Rejected;
                var decision = new TransitionDecision(from, RolloutProgress.Rejected, TransitionTable.Row(2), null);
                // Rejected is terminal, so Complete resolves the ticket (SPEC §2.2: a rejected ticket "has to be resolved").
                var result = workflow.Complete(ticket, decision, new TransitionContext(ToActor(writer), "RT status rejected"), from);
                return new(TicketField.Status, null, result);
            default:
                return new(TicketField.Status, $"Status '{value}' must be new, open, rejected or resolved.");
        }
    }

    private static RolloutActor ToActor(TicketWriter writer) => writer switch
    {
        TicketWriter.StageRolloutTeam => RolloutActor.StageRolloutTeam,
        TicketWriter.Admin => RolloutActor.Admin,
        TicketWriter.Repo => RolloutActor.Repo,
        _ => RolloutActor.VerificationTeam,
    };

    private static bool TryParseYesNo(string? text, out bool yes)
    {
        yes = string.Equals(text, "Yes", StringComparison.OrdinalIgnoreCase);
        return yes || string.Equals(text, "No", StringComparison.OrdinalIgnoreCase);
    }

    private static string? SyncUrlProblem(string text, SyncProtocol protocol)
    {
        var scheme = protocol.ToName();
        if (protocol == SyncProtocol.Rsync)
        {
            var module = text.IndexOf("::", StringComparison.Ordinal);
            if (module > 0 && !text.Contains("://", StringComparison.Ordinal))
            {
                return module + 2 < text.Length && !text[..module].Any(char.IsWhiteSpace)
                    ? null
                    : "must be host::module/path with a module name";
            }
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return protocol == SyncProtocol.Rsync
                ? "must be rsync://host/path or host::module/path"
                : $"must be an absolute {scheme}:// URI";
        }

        if (!string.Equals(uri.Scheme, scheme, StringComparison.OrdinalIgnoreCase))
        {
            return $"has the scheme {uri.Scheme}, but SyncProtocol is {scheme}";
        }

        return protocol != SyncProtocol.File && uri.Host.Length == 0 ? "names no host" : null;
    }

    // The one protocol whose rules the URL meets, or null when it meets none.
    private static SyncProtocol? ProtocolOf(string text)
    {
        foreach (var protocol in Enum.GetValues<SyncProtocol>())
        {
            if (SyncUrlProblem(text, protocol) is null)
            {
                return protocol;
            }
        }

        return null;
    }

    private static string FieldName(TicketField field) => field.ToName();
}
