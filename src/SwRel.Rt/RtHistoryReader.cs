using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SwRel.Domain.History;
using SwRel.Domain.Metrics;
using SwRel.Domain.Workflow;
using SwRel.Rt.Setup;

namespace SwRel.Rt;

/// <summary>
/// Rebuilds a ticket's SPEC §5 state history from RT's own transactions: the ticket's creation is its Submitted entry, and
/// every change of the RolloutProgress custom field is one entry, with RT's time and the RT user who made it as the actor.
/// Reads the SPEC §7 metrics' input for a whole queue the same way.
/// </summary>
/// <remarks>RT records times to the second. Thread-safe.</remarks>
public sealed class RtHistoryReader
{
    private readonly RtRestClient client;
    private readonly string queue;

    internal RtHistoryReader(RtRestClient client, IOptions<RtOptions> options)
    {
        this.client = client;
        queue = options.Value.Queue;
    }

    /// <summary>Reads one ticket's history.</summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The history, or <see langword="null"/> when there is no such ticket.</returns>
    /// <exception cref="RtException">RT failed, or a change holds a value that is not a RolloutProgress state.</exception>
    public async Task<StateHistory?> ReadAsync(int ticketId, CancellationToken cancellationToken) =>
        (await ReadTicketAsync(ticketId, cancellationToken).ConfigureAwait(false)) is { } read ? StateHistory.Create(read.Entries) : null;

    /// <summary>
    /// Reads what the release metrics need about every ticket of the queue (<see cref="RtOptions.Queue"/>) that was
    /// created before <paramref name="toUtc"/> and last changed at or after <paramref name="fromUtc"/>: its state entries from
    /// RT's transactions and when its StageRolloutReport was first set.
    /// </summary>
    /// <param name="fromUtc">The start of the period, or <see langword="null"/> for no limit.</param>
    /// <param name="toUtc">The end of the period (exclusive), or <see langword="null"/> for no limit.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The tickets' histories, by ticket number.</returns>
    /// <exception cref="RtException">RT failed, or a change holds a value that is not a RolloutProgress state.</exception>
    /// <remarks>
    /// RT compares dates in its own time zone, so the search reaches a day further on each side; the metrics keep to
    /// the calendar months asked for.
    /// </remarks>
    public async Task<IReadOnlyList<TicketHistory>> ReadQueueAsync(DateTimeOffset? fromUtc, DateTimeOffset? toUtc, CancellationToken cancellationToken)
    {
        var query = $"Queue = '{queue.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'";
        if (fromUtc is { } from)
        {
            query += $" AND LastUpdated >= '{Day(from.ToUniversalTime().AddDays(-1))}'";
        }

        if (toUtc is { } to && to < DateTimeOffset.MaxValue.AddDays(-2))
        {
            query += $" AND Created < '{Day(to.ToUniversalTime().AddDays(1))}'";
        }

        var ids = new List<int>();
        for (var page = 1; ; page++)
        {
            var json = await client.GetAsync($"tickets?query={Uri.EscapeDataString(query)}&orderby=id&order=ASC&per_page=100&page={page}", null, cancellationToken).ConfigureAwait(false);
            if (json is not { ValueKind: JsonValueKind.Object } answer || !answer.TryGetProperty("items", out var items))
            {
                break;
            }

            ids.AddRange(items.EnumerateArray().Select(item => int.Parse(item.GetProperty("id").ToString(), CultureInfo.InvariantCulture)));
            if (!answer.TryGetProperty("pages", out var pages) || pages.ValueKind != JsonValueKind.Number || page >= pages.GetDouble())
            {
                break;
            }
        }

        var histories = new List<TicketHistory>(ids.Count);
        foreach (var id in ids)
        {
            if (await ReadTicketAsync(id, cancellationToken).ConfigureAwait(false) is { } read)
            {
                histories.Add(new TicketHistory(id.ToString(CultureInfo.InvariantCulture), read.Entries, read.StageRolloutReportSetAtUtc));
            }
        }

        return histories;
    }

    private static string Day(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<(List<StateHistoryEntry> Entries, DateTimeOffset? StageRolloutReportSetAtUtc)?> ReadTicketAsync(int ticketId, CancellationToken cancellationToken)
    {
        var ticket = await client.GetAsync($"ticket/{ticketId}", ticketId, cancellationToken).ConfigureAwait(false);
        if (ticket is not { ValueKind: JsonValueKind.Object } t)
        {
            return null;
        }

        var fieldId = FieldId(t, RtSetupDefinition.RolloutProgress);
        var reportFieldId = FieldId(t, RtSetupDefinition.StageRolloutReport);
        var entries = new List<StateHistoryEntry>();
        DateTimeOffset? reportSet = null;
        for (var page = 1; ; page++)
        {
            var path = $"ticket/{ticketId}/history?fields=Type,Field,NewValue,Created,Creator&orderby=id&order=ASC&per_page=100&page={page}";
            var json = await client.GetAsync(path, ticketId, cancellationToken).ConfigureAwait(false);
            if (json is not { ValueKind: JsonValueKind.Object } answer || !answer.TryGetProperty("items", out var items))
            {
                break;
            }

            foreach (var txn in items.EnumerateArray())
            {
                var type = txn.TryGetProperty("Type", out var ty) ? ty.GetString() : null;
                var at = DateTimeOffset.Parse(txn.GetProperty("Created").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
                var actor = txn.TryGetProperty("Creator", out var creator) && creator.ValueKind == JsonValueKind.Object ? creator.GetProperty("id").ToString() : "";
                var field = type == "CustomField" && txn.TryGetProperty("Field", out var f) ? f.ToString() : null;
                var value = txn.TryGetProperty("NewValue", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                if (type == "Create")
                {
                    entries.Add(new StateHistoryEntry(RolloutProgress.Submitted, at, actor));
                }
                else if (field is not null && field == fieldId)
                {
                    var state = RolloutProgress.Submitted;
                    if (!string.IsNullOrWhiteSpace(value) && !RolloutProgressText.TryParse(value, out state))
                    {
                        throw new RtException(ticketId, $"GET /REST/2.0/ticket/{ticketId}/history", $"transaction {txn.GetProperty("id")} sets {RtSetupDefinition.RolloutProgress} to '{value}', which is not a RolloutProgress state");
                    }

                    entries.Add(new StateHistoryEntry(state, at, actor));
                }
                else if (field is not null && field == reportFieldId && reportSet is null && !string.IsNullOrWhiteSpace(value))
                {
                    reportSet = at;
                }
            }

            if (!answer.TryGetProperty("pages", out var pages) || pages.ValueKind != JsonValueKind.Number || page >= pages.GetDouble())
            {
                break;
            }
        }

        return (entries, reportSet);
    }

    private static string? FieldId(JsonElement ticket, string name) =>
        ticket.TryGetProperty("CustomFields", out var fields) && fields.ValueKind == JsonValueKind.Array
            ? fields.EnumerateArray().Where(f => f.TryGetProperty("name", out var n) && n.GetString() == name)
                .Select(f => f.GetProperty("id").ToString()).FirstOrDefault()
            : null;
}
