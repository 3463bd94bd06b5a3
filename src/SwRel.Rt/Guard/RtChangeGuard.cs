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

namespace SwRel.Rt.Guard;

/// <summary>
/// Reviews a RolloutProgress change that a person made in RT, before the daemon acts on it: maps the RT user's groups to
/// a SPEC §2.1 actor (<c>sw-rel-qc</c> → VerificationTeam, <c>sw-rel-sr</c> → StageRolloutTeam, <c>sw-rel-admin</c> →
/// Admin) and, when the transition table has no row for that actor from the previous state to the new one, sets the
/// field back and comments naming the rule.
/// </summary>
/// <remarks>
/// The daemon's processor calls it for each request before acting on it (<see cref="ITicketChangeHooks"/>). The user is
/// the one RT recorded for the change (the creator of the RolloutProgress transaction), which is also the <c>RT_User</c> the
/// scrip posts; RT's own record is used because a form field is only as trustworthy as whoever posts it. Changes made by the
/// gateway's own RT user (<see cref="RtOptions.User"/>, which should be set also when logging in with a token) are the
/// repository's and pass. After setting a change back, CommunicationStatus holds the comment. Thread-safe.
/// </remarks>
public sealed class RtChangeGuard
{
    private readonly RtRestClient client;
    private readonly string? ownUser;
    private readonly EmergencyPolicy policy;

    internal RtChangeGuard(RtRestClient client, IOptions<RtOptions> options, EmergencyPolicy policy)
    {
        this.client = client;
        ownUser = string.IsNullOrEmpty(options.Value.User) ? null : options.Value.User;
        this.policy = policy;
    }

    /// <summary>Reviews one change and sets it back when the table does not allow it.</summary>
    /// <param name="ticketId">The ticket's number.</param>
    /// <param name="previous">The RolloutProgress before the change.</param>
    /// <param name="current">The RolloutProgress the person set.</param>
    /// <param name="rtUser">The RT user who made the change.</param>
    /// <param name="emergencyRelease">The ticket's EmergencyRelease.</param>
    /// <param name="cancellationToken">Cancels the review.</param>
    /// <returns><see langword="null"/> when the change may stand; otherwise the comment added to the ticket after setting it back.</returns>
    /// <exception cref="RtException">RT failed; nothing may have been set back.</exception>
    public async Task<string?> ReviewAsync(int ticketId, RolloutProgress previous, RolloutProgress current, string rtUser, bool emergencyRelease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(rtUser);
        if (IsRepository(rtUser))
        {
            return null;
        }

        var (refusal, _) = await ReviewPersonsAsync(ticketId, previous, current, rtUser, emergencyRelease, cancellationToken).ConfigureAwait(false);
        return refusal;
    }

    /// <summary>Reviews the change a queued request reports: finds who made it in the ticket's RT history and sets it back when the table does not allow it.</summary>
    /// <param name="request">The request.</param>
    /// <param name="ticket">The request's ticket, as read just now.</param>
    /// <param name="cancellationToken">Cancels the review.</param>
    /// <returns>
    /// The comment when the change was set back; otherwise, for a person's change that stands, the state entry to record
    /// (the table's actor for that user's move, at RT's time of the change); nothing when the ticket has moved on since, the
    /// change was the repository's, or RT holds no such change.
    /// </returns>
    /// <exception cref="RtException">RT failed.</exception>
    internal async Task<RtReview> ReviewAsync(ProvisioningRequest request, TicketSnapshot ticket, CancellationToken cancellationToken)
    {
        if (ticket.RolloutProgress != request.Current)
        {
            // The ticket has moved on: the processor finds the request outdated, and setting back would undo the later move.
            return RtReview.Nothing;
        }

        if (ownUser is null && RtActorRules.Allows(request.Previous, request.Current, [RolloutActor.Repo], ticket.EmergencyRelease, policy))
        {
            // Logged in with a token alone, the daemon cannot tell its own moves by the user name: a move the table gives the
            // repository is taken to be the repository's rather than set back.
            return RtReview.Nothing;
        }

        var change = await LastRolloutProgressChangeAsync(request.TicketId, cancellationToken).ConfigureAwait(false);
        if (change is not { } c || c.From != request.Previous || c.To != request.Current || string.IsNullOrEmpty(c.User) || IsRepository(c.User))
        {
            return RtReview.Nothing;
        }

        var (refusal, actor) = await ReviewPersonsAsync(request.TicketId, c.From, c.To, c.User, ticket.EmergencyRelease, cancellationToken).ConfigureAwait(false);
        return refusal is null && actor is { } a
            ? new RtReview(null, new StateHistoryEntry(c.To, c.AtUtc, a.ToString()))
            : new RtReview(refusal, null);
    }

    /// <summary>
    /// Reviews the ticket's latest RolloutProgress change after the daemon refused the request RT posted for it (a move the
    /// table has for nobody never reaches the queue): sets it back when the table does not allow it for the user who made it.
    /// </summary>
    /// <param name="ticket">The ticket, as read just now.</param>
    /// <param name="cancellationToken">Cancels the review.</param>
    /// <returns><see langword="null"/> when the latest change stands or is not a person's; otherwise the comment.</returns>
    /// <exception cref="RtException">RT failed.</exception>
    internal async Task<string?> ReviewLatestAsync(TicketSnapshot ticket, CancellationToken cancellationToken)
    {
        if (ownUser is null)
        {
            // The daemon's own set-back is refused like the move it undoes; without its user name it cannot tell the two
            // apart, and setting back its own set-back would never end.
            return null;
        }

        var change = await LastRolloutProgressChangeAsync(ticket.Id, cancellationToken).ConfigureAwait(false);
        if (change is not { } c || c.To != ticket.RolloutProgress || string.IsNullOrEmpty(c.User) || IsRepository(c.User))
        {
            return null;
        }

        var (refusal, _) = await ReviewPersonsAsync(ticket.Id, c.From, c.To, c.User, ticket.EmergencyRelease, cancellationToken).ConfigureAwait(false);
        return refusal;
    }

    private bool IsRepository(string rtUser) => string.Equals(rtUser, ownUser, StringComparison.Ordinal) || rtUser == "RT_System";

    /// <summary>Reviews a person's change: the actor the table allows it for, or the comment after setting it back.</summary>
    private async Task<(string? Refusal, RolloutActor? Actor)> ReviewPersonsAsync(
        int ticketId, RolloutProgress previous, RolloutProgress current, string rtUser, bool emergencyRelease, CancellationToken cancellationToken)
    {
        var groups = await GroupsOfAsync(rtUser, ticketId, cancellationToken).ConfigureAwait(false);
        var actors = RtActorRules.ActorsOf(groups);
        if (RtActorRules.ActorFor(previous, current, actors, emergencyRelease, policy) is { } actor)
        {
            return (null, actor);
        }

        var who = actors.IsEmpty
            ? $"{rtUser} is in none of the groups {RtSetupDefinition.QcGroup}, {RtSetupDefinition.StageRolloutGroup} and {RtSetupDefinition.AdminGroup}"
            : $"{rtUser} acts as {string.Join(" and ", actors)}";
        var allowed = RtActorRules.AllowedTargets(previous, actors, emergencyRelease, policy);
        var comment = $"RolloutProgress was set back from {current} to {previous}: {who}, and the transition table has no move from {previous} to {current} for "
            + $"{(actors.IsEmpty ? "that user" : "that team")}. "
            + (allowed.IsEmpty
                ? $"From {previous} the table offers {(actors.IsEmpty ? "that user" : "that team")} no move."
                : $"From {previous} it offers {string.Join(", ", allowed)}.");
        var fields = new JsonObject { [RtSetupDefinition.RolloutProgress] = previous.ToString() };
        await client.SendJsonAsync(HttpMethod.Put, $"ticket/{ticketId}", new JsonObject { ["CustomFields"] = fields }, ticketId, cancellationToken).ConfigureAwait(false);
        await client.SendJsonAsync(HttpMethod.Post, $"ticket/{ticketId}/comment", new JsonObject { ["Content"] = comment, ["ContentType"] = "text/plain" }, ticketId, cancellationToken).ConfigureAwait(false);

        // The set-back is itself a RolloutProgress change, which RT's scrip posts and whose answer it stores: the last word is the reason.
        var status = new JsonObject { [RtSetupDefinition.CommunicationStatus] = comment };
        await client.SendJsonAsync(HttpMethod.Put, $"ticket/{ticketId}", new JsonObject { ["CustomFields"] = status }, ticketId, cancellationToken).ConfigureAwait(false);
        return (comment, null);
    }

    /// <summary>The ticket's latest RolloutProgress change in RT's history: from, to and the RT user who made it.</summary>
    private async Task<RtChange?> LastRolloutProgressChangeAsync(int ticketId, CancellationToken cancellationToken)
    {
        var ticket = await client.GetAsync($"ticket/{ticketId}", ticketId, cancellationToken).ConfigureAwait(false);
        if (ticket is not { ValueKind: JsonValueKind.Object } t
            || !t.TryGetProperty("CustomFields", out var fields) || fields.ValueKind != JsonValueKind.Array
            || fields.EnumerateArray().FirstOrDefault(f => f.TryGetProperty("name", out var n) && n.GetString() == RtSetupDefinition.RolloutProgress) is not { ValueKind: JsonValueKind.Object } field)
        {
            return null;
        }

        var fieldId = field.GetProperty("id").ToString();
        var history = await client.GetAsync(
            $"ticket/{ticketId}/history?fields=Type,Field,OldValue,NewValue,Created,Creator&orderby=id&order=DESC&per_page=50", ticketId, cancellationToken).ConfigureAwait(false);
        if (history is not { ValueKind: JsonValueKind.Object } h || !h.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var txn in items.EnumerateArray())
        {
            if (!txn.TryGetProperty("Type", out var type) || type.GetString() != "CustomField"
                || !txn.TryGetProperty("Field", out var changed) || changed.ToString() != fieldId)
            {
                continue;
            }

            var from = RolloutProgress.Submitted;
            var to = RolloutProgress.Submitted;
            var oldText = txn.TryGetProperty("OldValue", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            var newText = txn.TryGetProperty("NewValue", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if ((!string.IsNullOrWhiteSpace(oldText) && !RolloutProgressText.TryParse(oldText, out from))
                || (!string.IsNullOrWhiteSpace(newText) && !RolloutProgressText.TryParse(newText, out to)))
            {
                return null;
            }

            var user = txn.TryGetProperty("Creator", out var creator) && creator.ValueKind == JsonValueKind.Object ? creator.GetProperty("id").ToString() : "";
            var at = DateTimeOffset.Parse(txn.GetProperty("Created").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
            return new RtChange(from, to, user, at);
        }

        return null;
    }

    /// <summary>The workflow's groups the user is a direct member of (RT shows a group's members to whoever may see the group).</summary>
    private async Task<ImmutableArray<string>> GroupsOfAsync(string rtUser, int ticketId, CancellationToken cancellationToken)
    {
        var names = ImmutableArray.CreateBuilder<string>();
        foreach (var group in new[] { RtSetupDefinition.QcGroup, RtSetupDefinition.StageRolloutGroup, RtSetupDefinition.AdminGroup })
        {
            var found = await client.SendJsonAsync(HttpMethod.Post, "groups", new JsonArray(new JsonObject { ["field"] = "Name", ["value"] = group }), ticketId, cancellationToken).ConfigureAwait(false);
            if (found is not { ValueKind: JsonValueKind.Object } list || !list.TryGetProperty("items", out var items))
            {
                continue;
            }

            foreach (var item in items.EnumerateArray())
            {
                var json = await client.GetAsync($"group/{item.GetProperty("id")}", ticketId, cancellationToken).ConfigureAwait(false);
                if (json is { ValueKind: JsonValueKind.Object } g
                    && g.TryGetProperty("Name", out var name) && name.GetString() == group
                    && g.TryGetProperty("Members", out var members) && members.ValueKind == JsonValueKind.Array
                    && members.EnumerateArray().Any(m => m.TryGetProperty("type", out var type) && type.GetString() == "user" && m.GetProperty("id").ToString() == rtUser))
                {
                    names.Add(group);
                }
            }
        }

        return names.ToImmutable();
    }
}
