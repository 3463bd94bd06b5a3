using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SwRel.Domain.History;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Rt.Setup;

namespace SwRel.Rt;

/// <summary>
/// The pipeline's ticket gateway over Request Tracker 5's REST 2.0 API (SPEC §14): reads the SPEC §3 fields from the
/// ticket's custom fields of the same names, release.xml and the checksum manifest from the ReleaseMetadata and
/// ReleaseChecksums uploads (or the ticket's attachments of those names), and writes RolloutProgress, StateHistory,
/// RepositoryURL, the last failed transition and comments.
/// </summary>
/// <remarks>
/// Thread-safe. Every RT failure is thrown as an <see cref="RtException"/> naming the ticket, the call and RT's message, which
/// the pipeline reads as "the ticket system is unavailable" and retries. RT answers a refused field change with a message
/// rather than an error status, so each write is read back and a value that did not take is reported with RT's message.
/// <see cref="TrySetRolloutProgressAsync"/> is a compare-and-set through RT's conditional update: it writes with
/// <c>If-Match</c> and the ticket's <c>ETag</c> (the id of its newest transaction), so a change anyone made to the ticket
/// after the read makes RT refuse the write, and the gateway reads the ticket again and compares once more.
/// </remarks>
public sealed class RtTicketGateway : ITicketGateway
{
    private const long MaxAttachmentBytes = 16 * 1024 * 1024;
    private const int MaxCompareAndSetAttempts = 5;
    private readonly RtRestClient client;
    private readonly TimeProvider time;
    private readonly string queue;

    internal RtTicketGateway(RtRestClient client, IOptions<RtOptions> options, TimeProvider? time = null)
    {
        this.client = client;
        this.time = time ?? TimeProvider.System;
        queue = options.Value.Queue;
    }

    /// <inheritdoc/>
    public async ValueTask<TicketSnapshot?> GetTicketAsync(int ticketId, CancellationToken cancellationToken)
    {
        var ticket = await ReadAsync(ticketId, cancellationToken).ConfigureAwait(false);
        return ticket?.Snapshot;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<TicketSnapshot>> FindTicketsAsync(string majorRelease, RolloutProgress state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(majorRelease);
        var stateCondition = state == RolloutProgress.Submitted
            ? $"(CF.{{{RtSetupDefinition.RolloutProgress}}} = 'Submitted' OR CF.{{{RtSetupDefinition.RolloutProgress}}} IS NULL)"
            : $"CF.{{{RtSetupDefinition.RolloutProgress}}} = '{state}'";
        var query = $"Queue = '{TicketSql(queue)}' AND CF.{{{TicketField.AssociatedMajorRelease.ToName()}}} LIKE '{TicketSql(majorRelease)}' AND {stateCondition}";
        var found = new List<TicketSnapshot>();
        for (var page = 1; ; page++)
        {
            var json = await client.GetAsync($"tickets?query={Uri.EscapeDataString(query)}&per_page=100&page={page}", null, cancellationToken).ConfigureAwait(false);
            if (json is not { ValueKind: JsonValueKind.Object } answer || !answer.TryGetProperty("items", out var items))
            {
                break;
            }

            foreach (var item in items.EnumerateArray())
            {
                var id = int.Parse(item.GetProperty("id").ToString(), CultureInfo.InvariantCulture);
                if (await ReadAsync(id, cancellationToken).ConfigureAwait(false) is { } ticket
                    && ticket.Snapshot.RolloutProgress == state
                    && string.Equals(ticket.Snapshot.AssociatedMajorRelease?.Name, majorRelease.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    found.Add(ticket.Snapshot);
                }
            }

            if (!answer.TryGetProperty("pages", out var pages) || pages.ValueKind != JsonValueKind.Number || page >= pages.GetDouble())
            {
                break;
            }
        }

        return found;
    }

    /// <inheritdoc/>
    /// <remarks><c>release.xml</c> comes from the ReleaseMetadata upload and <c>checksums.xml</c> from ReleaseChecksums; without an upload, or for any other name, from the ticket's newest attachment of that file name.</remarks>
    public async ValueTask<Stream?> OpenAttachmentAsync(int ticketId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var ticket = await ReadAsync(ticketId, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return null;
        }

        var uploadField = name switch
        {
            "release.xml" => RtSetupDefinition.ReleaseMetadata,
            "checksums.xml" => RtSetupDefinition.ReleaseChecksums,
            _ => null,
        };
        if (uploadField is not null && ticket.Uploads.TryGetValue(uploadField, out var upload))
        {
            var bytes = await client.GetBytesAsync(upload, ticketId, MaxAttachmentBytes, cancellationToken).ConfigureAwait(false);
            if (bytes is not null)
            {
                return new MemoryStream(bytes, writable: false);
            }
        }

        var attachments = await client.GetAsync($"ticket/{ticketId}/attachments?fields=Filename&orderby=id&order=DESC&per_page=100", ticketId, cancellationToken).ConfigureAwait(false);
        if (attachments is not { ValueKind: JsonValueKind.Object } list || !list.TryGetProperty("items", out var items))
        {
            return null;
        }

        foreach (var item in items.EnumerateArray())
        {
            if (item.TryGetProperty("Filename", out var filename) && filename.GetString() == name)
            {
                var attachment = await client.GetAsync($"attachment/{item.GetProperty("id")}", ticketId, cancellationToken).ConfigureAwait(false);
                if (attachment is { ValueKind: JsonValueKind.Object } a && a.TryGetProperty("Content", out var content) && content.GetString() is { } base64)
                {
                    return new MemoryStream(Convert.FromBase64String(base64), writable: false);
                }
            }
        }

        return null;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The key is the comment's subject, <c>[swrel:KEY]</c>, which RT stores with the comment in one transaction; before
    /// commenting, the ticket's attachments are searched for that subject. RT has no unique constraint, so two processors
    /// writing the same key at the same moment could both comment; the queue's lease keeps a request with one processor.
    /// </remarks>
    public async ValueTask<bool> AddCommentAsync(int ticketId, string text, TicketWriteKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(key);
        var subject = CommentSubject(key);
        if (await HasCommentAsync(ticketId, subject, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var body = new JsonObject { ["Subject"] = subject, ["Content"] = text, ["ContentType"] = "text/plain" };
        await client.SendJsonAsync(HttpMethod.Post, $"ticket/{ticketId}/comment", body, ticketId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    internal static string CommentSubject(TicketWriteKey key) => $"[swrel:{key.Value}]";

    private async Task<bool> HasCommentAsync(int ticketId, string subject, CancellationToken cancellationToken)
    {
        var query = new JsonArray(new JsonObject { ["field"] = "Subject", ["value"] = subject }).ToJsonString();
        var found = await client.GetAsync(
            $"ticket/{ticketId}/attachments?query={Uri.EscapeDataString(query)}&fields=Subject&per_page=20",
            ticketId,
            cancellationToken).ConfigureAwait(false);
        if (found is not { ValueKind: JsonValueKind.Object } answer || !answer.TryGetProperty("items", out var items))
        {
            return false;
        }

        // RT compares case-insensitively; keys are compared exactly.
        return items.EnumerateArray().Any(i => i.TryGetProperty("Subject", out var s) && s.GetString() == subject);
    }

    /// <inheritdoc/>
    /// <remarks>Also appends the entry to StateHistory (actor <c>Repo</c>) and, for Failed, stores the failed transition in the FailedTransition field.</remarks>
    public async ValueTask<bool> TrySetRolloutProgressAsync(int ticketId, RolloutProgress expected, RolloutProgress next, FailedTransition? failure, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ticket = await ReadAsync(ticketId, cancellationToken).ConfigureAwait(false)
                ?? throw new RtException(ticketId, $"GET /REST/2.0/ticket/{ticketId}", "the ticket does not exist");
            if (ticket.Snapshot.RolloutProgress != expected)
            {
                return false;
            }

            var history = ticket.History.Append(new StateHistoryEntry(next, time.GetUtcNow(), nameof(RolloutActor.Repo)));
            var fields = new JsonObject
            {
                [RtSetupDefinition.StateHistory] = history.ToCsv(),
                [RtSetupDefinition.RolloutProgress] = next.ToString(),
            };
            if (next == RolloutProgress.Failed)
            {
                fields[RtSetupDefinition.FailedTransition] = failure is null ? "" : FormatFailure(failure);
            }

            if (await WriteFieldsAsync(ticketId, fields, ticket.ETag, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            // Someone changed the ticket between the read and the write (often only CommunicationStatus or a comment);
            // RT refused the write, so read again and compare again, a bounded number of times.
            if (attempt == MaxCompareAndSetAttempts)
            {
                throw new RtException(ticketId, $"PUT /REST/2.0/ticket/{ticketId}", $"the ticket changed during each of {MaxCompareAndSetAttempts} attempts to set RolloutProgress");
            }
        }
    }

    /// <summary>
    /// Appends a person's state entry to StateHistory (SPEC §5: every state entry, with its time and actor), unless the
    /// ticket has left that state since or the last entry names it already (the repository's own moves carry their entry).
    /// </summary>
    /// <remarks>
    /// A compare-and-set like <see cref="TrySetRolloutProgressAsync"/>. RT's time has whole seconds, so an entry that would
    /// come before the last one (a change within the second of the repository's previous write) takes the last one's time.
    /// </remarks>
    internal async ValueTask RecordStateEntryAsync(int ticketId, StateHistoryEntry entry, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await ReadAsync(ticketId, cancellationToken).ConfigureAwait(false) is not { } ticket
                || ticket.Snapshot.RolloutProgress != entry.State
                || ticket.History.Current?.State == entry.State)
            {
                return;
            }

            var at = ticket.History.Current is { } last && last.EnteredAtUtc > entry.EnteredAtUtc ? last.EnteredAtUtc : entry.EnteredAtUtc;
            var history = ticket.History.Append(entry with { EnteredAtUtc = at });
            if (await WriteFieldsAsync(ticketId, new JsonObject { [RtSetupDefinition.StateHistory] = history.ToCsv() }, ticket.ETag, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (attempt == MaxCompareAndSetAttempts)
            {
                throw new RtException(ticketId, $"PUT /REST/2.0/ticket/{ticketId}", $"the ticket changed during each of {MaxCompareAndSetAttempts} attempts to record the state entry {entry.State} in {RtSetupDefinition.StateHistory}");
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask SetRepositoryUrlAsync(int ticketId, string? repositoryUrl, CancellationToken cancellationToken) =>
        await WriteFieldsAsync(ticketId, new JsonObject { [TicketField.RepositoryUrl.ToName()] = repositoryUrl ?? "" }, null, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Writes custom fields, only if the ticket is still at <paramref name="etag"/> when one is given, and reads them back;
    /// a value that did not take is reported with RT's answer.
    /// </summary>
    /// <returns><see langword="false"/> when RT refused the write because the ticket had changed since <paramref name="etag"/>.</returns>
    private async Task<bool> WriteFieldsAsync(int ticketId, JsonObject fields, string? etag, CancellationToken cancellationToken)
    {
        var expected = fields.ToDictionary(f => f.Key, f => f.Value?.GetValue<string>() ?? "", StringComparer.Ordinal);
        var path = $"ticket/{ticketId}";
        var body = new JsonObject { ["CustomFields"] = fields };
        JsonElement? answer;
        if (etag is null)
        {
            answer = await client.SendJsonAsync(HttpMethod.Put, path, body, ticketId, cancellationToken).ConfigureAwait(false);
        }
        else if ((answer = await client.SendJsonIfMatchAsync(HttpMethod.Put, path, body, etag, ticketId, cancellationToken).ConfigureAwait(false)) is null)
        {
            return false;
        }

        var ticket = await ReadAsync(ticketId, cancellationToken).ConfigureAwait(false)
            ?? throw new RtException(ticketId, $"GET /REST/2.0/ticket/{ticketId}", "the ticket does not exist");
        foreach (var (name, value) in expected)
        {
            var now = ticket.Values.TryGetValue(name, out var v) ? v : "";
            if (!string.Equals(Normalize(now), Normalize(value), StringComparison.Ordinal))
            {
                var messages = answer is { ValueKind: JsonValueKind.Array } a ? string.Join("; ", a.EnumerateArray().Select(m => m.ToString())) : "no message";
                throw new RtException(ticketId, $"PUT /REST/2.0/ticket/{ticketId}", $"the custom field {name} was not set ({messages})");
            }
        }

        return true;
    }

    private static string Normalize(string value) => value.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private async Task<RtTicket?> ReadAsync(int ticketId, CancellationToken cancellationToken)
    {
        var read = await client.GetWithETagAsync($"ticket/{ticketId}", ticketId, cancellationToken).ConfigureAwait(false);
        return read is ({ ValueKind: JsonValueKind.Object } ticket, var etag) ? RtTicket.Parse(ticketId, ticket, etag) : null;
    }

    private static string TicketSql(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);

    internal static string FormatFailure(FailedTransition failure)
    {
        var message = failure.Message.ReplaceLineEndings(" ");
        var text = $"{failure.From},{failure.To},{message}";
        return text.Length <= 250 ? text : text[..250];
    }

    internal static FailedTransition? ParseFailure(int ticketId, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Split(',', 3);
        if (parts.Length < 2 || !RolloutProgressText.TryParse(parts[0], out var from) || !RolloutProgressText.TryParse(parts[1], out var to))
        {
            throw new RtException(ticketId, $"GET /REST/2.0/ticket/{ticketId}", $"the custom field {RtSetupDefinition.FailedTransition} holds '{text}', not FROM,TO,MESSAGE");
        }

        return new FailedTransition(from, to, parts.Length == 3 ? parts[2] : "");
    }

    /// <summary>
    /// A ticket as read from RT: the pipeline's snapshot, its StateHistory, the text of every custom field, the download
    /// links of its uploads and its ETag (<see langword="null"/> if RT sent none: the write is then unconditional).
    /// </summary>
    private sealed record RtTicket(TicketSnapshot Snapshot, StateHistory History, ImmutableDictionary<string, string> Values, ImmutableDictionary<string, string> Uploads, string? ETag)
    {
        public static RtTicket Parse(int ticketId, JsonElement json, string? etag)
        {
            var values = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            var uploads = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            if (json.TryGetProperty("CustomFields", out var fields) && fields.ValueKind == JsonValueKind.Array)
            {
                foreach (var field in fields.EnumerateArray())
                {
                    var name = field.TryGetProperty("name", out var n) ? n.GetString() : null;
                    if (name is null || !field.TryGetProperty("values", out var list) || list.ValueKind != JsonValueKind.Array)
                    {
                        continue;
                    }

                    foreach (var value in list.EnumerateArray())
                    {
                        if (value.ValueKind == JsonValueKind.String)
                        {
                            values[name] = value.GetString()!;
                        }
                        else if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("_url", out var url) && url.GetString() is { } link)
                        {
                            uploads[name] = link;
                            values[name] = value.TryGetProperty("filename", out var filename) ? filename.GetString() ?? "" : "";
                        }
                    }
                }
            }

            var call = $"GET /REST/2.0/ticket/{ticketId}";
            var progressText = values.TryGetValue(RtSetupDefinition.RolloutProgress, out var p) ? p : null;
            var progress = RolloutProgress.Submitted;
            if (!string.IsNullOrWhiteSpace(progressText) && !RolloutProgressText.TryParse(progressText, out progress))
            {
                throw new RtException(ticketId, call, $"the custom field {RtSetupDefinition.RolloutProgress} holds '{progressText}', which is not a RolloutProgress state");
            }

            var history = StateHistory.Empty;
            if (values.TryGetValue(RtSetupDefinition.StateHistory, out var csv) && !string.IsNullOrWhiteSpace(csv)
                && !StateHistory.TryParse(csv, out history, out var error))
            {
                throw new RtException(ticketId, call, $"the custom field {RtSetupDefinition.StateHistory} is not a state history: {error}");
            }

            var created = json.TryGetProperty("Created", out var c) && DateTimeOffset.TryParse(c.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at.ToUniversalTime()
                : DateTimeOffset.UnixEpoch;
            var since = history.Current is { } current && current.State == progress ? current.EnteredAtUtc : created;
            var snapshotFields = values
                .Where(v => v.Key is not (RtSetupDefinition.RolloutProgress or RtSetupDefinition.FailedTransition))
                .ToImmutableDictionary(StringComparer.Ordinal);
            var failure = ParseFailure(ticketId, values.TryGetValue(RtSetupDefinition.FailedTransition, out var f) ? f : null);
            return new RtTicket(
                TicketSnapshot.FromTicketSystem(ticketId, progress, since, snapshotFields, failure),
                history!,
                values.ToImmutable(),
                uploads.ToImmutable(),
                etag);
        }
    }
}
