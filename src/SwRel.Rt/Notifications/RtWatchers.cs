using System.Text.Json;
using System.Text.Json.Nodes;
using SwRel.Domain.Notifications;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Rt.Setup;

namespace SwRel.Rt.Notifications;

/// <summary>
/// Sets a ticket's Cc and AdminCc groups, its standing owner and its mandatory watchers in RT once the repository
/// answered OK for the ticket's RolloutProgress change (SPEC §4), so that RT mails them. Who they are is decided by
/// SwRel.Domain (<see cref="RolloutWorkflow.Audience"/>); this class only writes it into RT's roles.
/// </summary>
/// <remarks>
/// The groups in the Cc and AdminCc roles are purged and recomputed on each change; people in those roles (watchers an
/// admin added by hand) stay, and the mandatory watchers are always added back. A group the matrix names that RT does
/// not have (for example a major release's early-adopters list nobody created) is left out rather than failing the
/// request. Nothing changes when the ticket has moved on since the request or CommunicationStatus is not OK. Thread-safe.
/// </remarks>
internal sealed class RtWatchers
{
    private readonly RtRestClient client;
    private readonly RolloutWorkflow workflow;

    public RtWatchers(RtRestClient client, RolloutWorkflow workflow)
    {
        this.client = client;
        this.workflow = workflow;
    }

    /// <summary>Sets the roles for the ticket's state, when it is still <paramref name="entered"/> and CommunicationStatus is OK.</summary>
    /// <returns>Whether the roles were set.</returns>
    public async Task<bool> UpdateAsync(int ticketId, RolloutProgress entered, CancellationToken cancellationToken)
    {
        var json = await client.GetAsync($"ticket/{ticketId}", ticketId, cancellationToken).ConfigureAwait(false);
        if (json is not { ValueKind: JsonValueKind.Object } ticket)
        {
            return false;
        }

        var progress = RolloutProgress.Submitted;
        if (Field(ticket, RtSetupDefinition.RolloutProgress) is { Length: > 0 } progressText && !RolloutProgressText.TryParse(progressText, out progress))
        {
            return false;
        }

        if (progress != entered || !NotificationSet.IsOk(Field(ticket, RtSetupDefinition.CommunicationStatus)))
        {
            return false;
        }

        MajorRelease.TryParse(Field(ticket, TicketField.AssociatedMajorRelease.ToName()), out var major, out _);
        var audience = workflow.Audience(entered, major);
        var cc = People(ticket, "Cc");
        foreach (var group in audience.CcGroups)
        {
            if (await GroupIdAsync(group, ticketId, cancellationToken).ConfigureAwait(false) is { } id)
            {
                cc.Add(id);
            }
        }

        foreach (var watcher in audience.MandatoryWatchers)
        {
            cc.Add(await GroupIdAsync(watcher, ticketId, cancellationToken).ConfigureAwait(false) ?? watcher);
        }

        var adminCc = People(ticket, "AdminCc");
        if (await GroupIdAsync(audience.AdminCc, ticketId, cancellationToken).ConfigureAwait(false) is { } admin)
        {
            adminCc.Add(admin);
        }

        var update = new JsonObject
        {
            ["Cc"] = new JsonArray([.. cc.Distinct(StringComparer.Ordinal).Select(v => (JsonNode)JsonValue.Create(v)!)]),
            ["AdminCc"] = new JsonArray([.. adminCc.Distinct(StringComparer.Ordinal).Select(v => (JsonNode)JsonValue.Create(v)!)]),
        };
        if (audience.StandingOwner is { } owner)
        {
            update["Owner"] = owner;
        }

        await client.SendJsonAsync(HttpMethod.Put, $"ticket/{ticketId}", update, ticketId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static string? Field(JsonElement ticket, string name)
    {
        if (!ticket.TryGetProperty("CustomFields", out var fields) || fields.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var field in fields.EnumerateArray())
        {
            if (field.TryGetProperty("name", out var n) && n.GetString() == name
                && field.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0)
            {
                return values[0].ValueKind == JsonValueKind.String ? values[0].GetString() : null;
            }
        }

        return null;
    }

    /// <summary>The users (by name) in one of the ticket's roles: they stay when the groups are recomputed.</summary>
    private static List<string> People(JsonElement ticket, string role)
    {
        var people = new List<string>();
        if (ticket.TryGetProperty(role, out var members) && members.ValueKind == JsonValueKind.Array)
        {
            foreach (var member in members.EnumerateArray())
            {
                if (member.TryGetProperty("type", out var type) && type.GetString() == "user" && member.TryGetProperty("id", out var id))
                {
                    people.Add(id.ToString());
                }
            }
        }

        return people;
    }

    /// <summary>A user-defined group's id, which RT takes as its principal in a role; <see langword="null"/> when RT has no such group.</summary>
    private async Task<string?> GroupIdAsync(string name, int ticketId, CancellationToken cancellationToken)
    {
        var found = await client.SendJsonAsync(HttpMethod.Post, "groups", new JsonArray(new JsonObject { ["field"] = "Name", ["value"] = name }), ticketId, cancellationToken).ConfigureAwait(false);
        if (found is not { ValueKind: JsonValueKind.Object } list || !list.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var item in items.EnumerateArray())
        {
            if (item.TryGetProperty("id", out var id))
            {
                return id.ToString();
            }
        }

        return null;
    }
}
