using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Rt.Tests.Fixtures;

namespace SwRel.Rt.Tests.Notifications;

/// <summary>SPEC §4 in RT: the ticket's Cc and AdminCc groups, standing owner and mandatory watchers, set after the repository answered OK.</summary>
[Collection(RtCollection.Name)]
public sealed class RtWatchersTests(RtFixture rt)
{
    private static readonly Dictionary<string, string> ProviderFields = new()
    {
        ["SyncProtocol"] = "rsync",
        ["SyncURL"] = "rsync://127.0.0.1/provider/umd-4.4.0",
        ["AssociatedMajorRelease"] = "umd-4",
        ["EmergencyRelease"] = "No",
    };

    // SPEC §4: entering Unverified CCs sw-rel-qc, StageRollout sw-rel-sr; sw-rel-admin is AdminCc on every change; the CC
    // groups are purged and recomputed on each change.
    [Fact]
    public async Task After_each_answered_change_the_ticket_holds_that_states_Cc_groups_and_the_old_ones_are_gone()
    {
        var id = await RtPeople.CreateTicketAsync(rt.Client(RtFixture.Provider), ProviderFields);
        var admin = rt.Client(RtFixture.AdminMember);
        await using var services = rt.Services();
        var hooks = services.GetRequiredService<ITicketChangeHooks>();

        await MoveAsync(admin, id, "Unverified", "OK");
        await hooks.ProcessedAsync(new ProvisioningRequest(id, RolloutProgress.Submitted, RolloutProgress.Unverified, false), CancellationToken.None);
        Assert.Equal(["sw-rel-qc"], await RoleGroupsAsync(admin, id, "Cc"));
        Assert.Equal(["sw-rel-admin"], await RoleGroupsAsync(admin, id, "AdminCc"));

        await MoveAsync(admin, id, "InVerification", "OK");
        await MoveAsync(admin, id, "StageRollout", "OK");
        await hooks.ProcessedAsync(new ProvisioningRequest(id, RolloutProgress.InVerification, RolloutProgress.StageRollout, false), CancellationToken.None);
        Assert.Equal(["sw-rel-sr"], await RoleGroupsAsync(admin, id, "Cc"));
        Assert.Equal(["sw-rel-admin"], await RoleGroupsAsync(admin, id, "AdminCc"));
    }

    // SPEC §4: the CC groups change only once the repository answered OK for that change; on any other answer they stay.
    [Fact]
    public async Task A_change_the_repository_did_not_answer_OK_leaves_the_Cc_groups_as_they_were()
    {
        var id = await RtPeople.CreateTicketAsync(rt.Client(RtFixture.Provider), ProviderFields);
        var admin = rt.Client(RtFixture.AdminMember);
        await using var services = rt.Services();
        var hooks = services.GetRequiredService<ITicketChangeHooks>();
        await MoveAsync(admin, id, "Unverified", "OK");
        await hooks.ProcessedAsync(new ProvisioningRequest(id, RolloutProgress.Submitted, RolloutProgress.Unverified, false), CancellationToken.None);

        await MoveAsync(admin, id, "InVerification", "The repository answered 503 Service Unavailable");
        await MoveAsync(admin, id, "StageRollout", "The repository answered 503 Service Unavailable");
        await hooks.ProcessedAsync(new ProvisioningRequest(id, RolloutProgress.InVerification, RolloutProgress.StageRollout, false), CancellationToken.None);

        Assert.Equal(["sw-rel-qc"], await RoleGroupsAsync(admin, id, "Cc"));
    }

    // SPEC §4: the standing owner of StageRollout is the stage-rollout task leader; mandatory watchers are always present.
    [Fact]
    public async Task The_standing_owner_and_the_mandatory_watchers_are_set_from_the_workflow_options()
    {
        var id = await RtPeople.CreateTicketAsync(rt.Client(RtFixture.Provider), ProviderFields);
        var admin = rt.Client(RtFixture.AdminMember);
        var services = new ServiceCollection();
        services.AddSwRelWorkflow(o =>
        {
            o.StageRolloutTaskLeader = RtFixture.StageRolloutMember;
            o.MandatoryWatchers = ["sw-rel-production", RtFixture.AdminMember];
        });
        services.AddSwRelRt(o =>
        {
            o.Url = rt.Rt.Url;
            o.User = RtFixture.Daemon;
            o.Password = RtFixture.Password;
        });
        await using var provider = services.BuildServiceProvider();

        await MoveAsync(admin, id, "StageRollout", "OK");
        await provider.GetRequiredService<ITicketChangeHooks>().ProcessedAsync(new ProvisioningRequest(id, RolloutProgress.InVerification, RolloutProgress.StageRollout, false), CancellationToken.None);

        using var ticket = JsonDocument.Parse(await admin.GetStringAsync($"REST/2.0/ticket/{id}"));
        Assert.Equal(RtFixture.StageRolloutMember, ticket.RootElement.GetProperty("Owner").GetProperty("id").GetString());
        Assert.Equal(["sw-rel-production", "sw-rel-sr"], await RoleGroupsAsync(admin, id, "Cc"));
        Assert.Contains(RtFixture.AdminMember, RoleUsers(ticket.RootElement, "Cc"));
    }

    private static async Task MoveAsync(HttpClient admin, int id, string state, string communicationStatus)
    {
        await RtPeople.SetFieldsAsync(admin, id, new Dictionary<string, string> { ["RolloutProgress"] = state });
        await RtPeople.SetFieldsAsync(admin, id, new Dictionary<string, string> { ["CommunicationStatus"] = communicationStatus });
    }

    private static async Task<string[]> RoleGroupsAsync(HttpClient client, int id, string role)
    {
        using var ticket = JsonDocument.Parse(await client.GetStringAsync($"REST/2.0/ticket/{id}"));
        var names = new List<string>();
        foreach (var member in ticket.RootElement.GetProperty(role).EnumerateArray())
        {
            if (member.GetProperty("type").GetString() == "group")
            {
                using var group = JsonDocument.Parse(await client.GetStringAsync($"REST/2.0/group/{member.GetProperty("id")}"));
                names.Add(group.RootElement.GetProperty("Name").GetString()!);
            }
        }

        return [.. names.Order(StringComparer.Ordinal)];
    }

    private static List<string> RoleUsers(JsonElement ticket, string role) =>
        [.. ticket.GetProperty(role).EnumerateArray().Where(m => m.GetProperty("type").GetString() == "user").Select(m => m.GetProperty("id").ToString())];
}
