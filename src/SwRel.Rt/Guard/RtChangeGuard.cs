using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SwRel.Domain.Workflow;
using SwRel.Rt.Setup;

namespace SwRel.Rt.Guard;

/// <summary>
/// Reviews a RolloutProgress change that a person made in RT, before the daemon acts on it: maps the RT user's groups to
/// a SPEC §2.1 actor (<c>sw-rel-qc</c> → VerificationTeam, <c>sw-rel-sr</c> → StageRolloutTeam, <c>sw-rel-admin</c> →
/// Admin) and, when the transition table has no row for that actor from the previous state to the new one, sets the
/// field back and comments naming the rule.
/// </summary>
/// <remarks>
/// The daemon calls it for each incoming request that carries the RT user (the scrip's <c>RT_User</c> form field). Changes
/// made by the gateway's own RT user (<see cref="RtOptions.User"/>) are the repository's and pass. Thread-safe.
/// </remarks>
public sealed class RtChangeGuard
{
    private readonly RtRestClient client;
    private readonly string? ownUser;
    private readonly EmergencyPolicy policy;

    internal RtChangeGuard(RtRestClient client, IOptions<RtOptions> options, EmergencyPolicy policy)
    {
        this.client = client;
        ownUser = options.Value.User;
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
        if (string.Equals(rtUser, ownUser, StringComparison.Ordinal) || rtUser == "RT_System")
        {
            return null;
        }

        var groups = await GroupsOfAsync(rtUser, ticketId, cancellationToken).ConfigureAwait(false);
        var actors = RtActorRules.ActorsOf(groups);
        if (RtActorRules.Allows(previous, current, actors, emergencyRelease, policy))
        {
            return null;
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
        return comment;
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
