using System.Globalization;
using System.Text.Json;
using SwRel.Domain.History;
using SwRel.Domain.Workflow;
using SwRel.Rt.Setup;

namespace SwRel.Rt;

/// <summary>
/// Rebuilds a ticket's SPEC §5 state history from RT's own transactions: the ticket's creation is its Submitted entry, and
/// every change of the RolloutProgress custom field is one entry, with RT's time and the RT user who made it as the actor.
/// </summary>
/// <remarks>RT records times to the second. Thread-safe.</remarks>
public sealed class RtHistoryReader
{
    private readonly RtRestClient client;

    internal RtHistoryReader(RtRestClient client) => this.client = client;

    /// <summary>Reads one ticket's history.</summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The history, or <see langword="null"/> when there is no such ticket.</returns>
    /// <exception cref="RtException">RT failed, or a change holds a value that is not a RolloutProgress state.</exception>
    public async Task<StateHistory?> ReadAsync(int ticketId, CancellationToken cancellationToken)
    {
        var ticket = await client.GetAsync($"ticket/{ticketId}", ticketId, cancellationToken).ConfigureAwait(false);
        if (ticket is not { ValueKind: JsonValueKind.Object } t)
        {
            return null;
        }

        var fieldId = t.TryGetProperty("CustomFields", out var fields) && fields.ValueKind == JsonValueKind.Array
            ? fields.EnumerateArray().Where(f => f.TryGetProperty("name", out var n) && n.GetString() == RtSetupDefinition.RolloutProgress)
                .Select(f => f.GetProperty("id").ToString()).FirstOrDefault()
            : null;
        var entries = new List<StateHistoryEntry>();
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
                if (type == "Create")
                {
                    entries.Add(new StateHistoryEntry(RolloutProgress.Submitted, at, actor));
                }
                else if (type == "CustomField" && fieldId is not null && txn.GetProperty("Field").ToString() == fieldId)
                {
                    var value = txn.TryGetProperty("NewValue", out var v) ? v.GetString() : null;
                    var state = RolloutProgress.Submitted;
                    if (!string.IsNullOrWhiteSpace(value) && !RolloutProgressText.TryParse(value, out state))
                    {
                        throw new RtException(ticketId, $"GET /REST/2.0/ticket/{ticketId}/history", $"transaction {txn.GetProperty("id")} sets {RtSetupDefinition.RolloutProgress} to '{value}', which is not a RolloutProgress state");
                    }

                    entries.Add(new StateHistoryEntry(state, at, actor));
                }
            }

            if (!answer.TryGetProperty("pages", out var pages) || pages.ValueKind != JsonValueKind.Number || page >= pages.GetDouble())
            {
                break;
            }
        }

        return StateHistory.Create(entries);
    }
}
