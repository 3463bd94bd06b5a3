using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace SwRel.Rt.Setup;

/// <summary>
/// Checks through RT's REST 2.0 API that RT has what the workflow needs (SPEC §14): the queue with its lifecycle, each
/// custom field applied to the queue with its values, and the groups.
/// </summary>
/// <remarks>
/// REST 2.0 does not show rights or scrips, so those are not checked; applying the initialdata file sets them. Thread-safe.
/// </remarks>
public sealed class RtSetupCheck
{
    private readonly RtRestClient client;
    private readonly string queue;

    internal RtSetupCheck(RtRestClient client, IOptions<RtOptions> options)
    {
        this.client = client;
        queue = options.Value.Queue;
    }

    /// <summary>Finds what is missing.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>One sentence per missing item; empty when everything is in place.</returns>
    /// <exception cref="RtException">RT could not be reached or refused a call (for example bad credentials).</exception>
    public async Task<ImmutableArray<string>> FindMissingAsync(CancellationToken cancellationToken)
    {
        var missing = ImmutableArray.CreateBuilder<string>();
        var queueJson = await client.GetAsync($"queue/{Uri.EscapeDataString(queue)}", null, cancellationToken).ConfigureAwait(false);
        var appliedIds = new Dictionary<string, string>(StringComparer.Ordinal);
        if (queueJson is not { ValueKind: JsonValueKind.Object } q)
        {
            missing.Add($"The queue '{queue}' does not exist.");
        }
        else
        {
            var lifecycle = q.TryGetProperty("Lifecycle", out var l) ? l.GetString() : null;
            if (lifecycle != RtSetupDefinition.Lifecycle)
            {
                missing.Add($"The queue '{queue}' uses the lifecycle '{lifecycle}', not '{RtSetupDefinition.Lifecycle}' (install the configuration file and apply the initialdata file).");
            }

            if (q.TryGetProperty("TicketCustomFields", out var applied) && applied.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in applied.EnumerateArray())
                {
                    if (item.TryGetProperty("name", out var name) && name.GetString() is { } text)
                    {
                        appliedIds[text] = Id(item);
                    }
                }
            }
        }

        foreach (var field in RtSetupDefinition.CustomFields)
        {
            string id;
            if (!appliedIds.TryGetValue(field.Name, out var appliedId))
            {
                var search = new JsonArray(
                    new JsonObject { ["field"] = "Name", ["value"] = field.Name },
                    new JsonObject { ["field"] = "LookupType", ["value"] = "RT::Queue-RT::Ticket" });
                var found = await client.SendJsonAsync(HttpMethod.Post, "customfields", search, null, cancellationToken).ConfigureAwait(false);
                if (found is not { } f || !f.TryGetProperty("items", out var items) || items.GetArrayLength() == 0)
                {
                    missing.Add($"The custom field '{field.Name}' does not exist.");
                    continue;
                }

                missing.Add($"The custom field '{field.Name}' does not apply to the queue '{queue}'.");
                id = Id(items[0]);
            }
            else
            {
                id = appliedId;
            }

            if (field.Values.IsDefaultOrEmpty)
            {
                continue;
            }

            var values = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var value in ItemsAsync($"customfield/{id}/values", cancellationToken).ConfigureAwait(false))
            {
                if (value.TryGetProperty("name", out var name) && name.GetString() is { } text)
                {
                    values.Add(text);
                }
            }

            var lacking = field.Values.Where(v => !values.Contains(v)).ToList();
            if (lacking.Count > 0)
            {
                missing.Add($"The custom field '{field.Name}' lacks the value{(lacking.Count == 1 ? "" : "s")} {string.Join(", ", lacking)}.");
            }
        }

        foreach (var group in RtSetupDefinition.Groups)
        {
            var found = await client.SendJsonAsync(HttpMethod.Post, "groups", new JsonArray(new JsonObject { ["field"] = "Name", ["value"] = group }), null, cancellationToken).ConfigureAwait(false);
            if (found is not { } g || !g.TryGetProperty("count", out var count) || count.GetDouble() == 0)
            {
                missing.Add($"The group '{group}' does not exist.");
            }
        }

        return missing.ToImmutable();
    }

    private static string Id(JsonElement item) => item.GetProperty("id").ToString();

    private async IAsyncEnumerable<JsonElement> ItemsAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var page = 1; ; page++)
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var json = await client.GetAsync($"{path}{separator}per_page=100&page={page}", null, cancellationToken).ConfigureAwait(false);
            if (json is not { ValueKind: JsonValueKind.Object } answer || !answer.TryGetProperty("items", out var items))
            {
                yield break;
            }

            foreach (var item in items.EnumerateArray())
            {
                yield return item;
            }

            if (!answer.TryGetProperty("pages", out var pages) || pages.ValueKind != JsonValueKind.Number || page >= pages.GetDouble())
            {
                yield break;
            }
        }
    }
}
