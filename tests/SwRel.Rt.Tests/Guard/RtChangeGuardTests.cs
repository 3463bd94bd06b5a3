using Microsoft.Extensions.DependencyInjection;
using SwRel.Domain.History;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Rt.Guard;
using SwRel.Rt.Tests.Fixtures;

namespace SwRel.Rt.Tests.Guard;

/// <summary>Who may do what, in RT: the daemon sets back a change the transition table does not allow for the user's group.</summary>
[Collection(RtCollection.Name)]
public sealed class RtChangeGuardTests(RtFixture rt)
{
    private static readonly Dictionary<string, string> ProviderFields = new()
    {
        ["SyncProtocol"] = "rsync",
        ["SyncURL"] = "rsync://127.0.0.1/provider/umd-4.2.0",
        ["AssociatedMajorRelease"] = "umd-4",
        ["EmergencyRelease"] = "No",
    };

    // SPEC §2.1 row 17: only the StageRolloutTeam (or Admin) moves StageRollout → Production; a QC member may not.
    [Fact]
    public async Task A_QC_member_setting_Production_is_set_back_with_a_comment_naming_the_rule()
    {
        var id = await RtPeople.CreateTicketAsync(rt.Client(RtFixture.Provider), ProviderFields);
        var admin = rt.Client(RtFixture.AdminMember);
        await RtPeople.SetFieldsAsync(admin, id, new Dictionary<string, string> { ["RolloutProgress"] = "StageRollout" });
        await RtPeople.SetFieldsAsync(rt.Client(RtFixture.QcMember), id, new Dictionary<string, string> { ["RolloutProgress"] = "Production" });
        Assert.Equal("Production", await RtPeople.FieldAsync(admin, id, "RolloutProgress"));
        await using var services = rt.Services();

        var comment = await services.GetRequiredService<RtChangeGuard>().ReviewAsync(
            id, RolloutProgress.StageRollout, RolloutProgress.Production, RtFixture.QcMember, emergencyRelease: false, CancellationToken.None);

        Assert.NotNull(comment);
        Assert.Contains("set back from Production to StageRollout", comment, StringComparison.Ordinal);
        Assert.Contains("qc acts as VerificationTeam", comment, StringComparison.Ordinal);
        Assert.Contains("From StageRollout the table offers that team no move.", comment, StringComparison.Ordinal);
        Assert.Equal("StageRollout", await RtPeople.FieldAsync(admin, id, "RolloutProgress"));
        Assert.Contains(comment, await RtPeople.CommentsAsync(admin, id));
    }

    // SPEC §2.1 and §6: without EmergencyRelease no row leads from Unverified to StageRollout, for anyone; the daemon refuses
    // the request RT posts for it, and then sets the move back like any other the table does not allow.
    [Fact]
    public async Task A_move_the_table_has_for_nobody_is_set_back_once_its_request_was_refused()
    {
        var id = await RtPeople.CreateTicketAsync(rt.Client(RtFixture.Provider), ProviderFields);
        var admin = rt.Client(RtFixture.AdminMember);
        await RtPeople.SetFieldsAsync(admin, id, new Dictionary<string, string> { ["RolloutProgress"] = "Unverified" });
        await RtPeople.SetFieldsAsync(rt.Client(RtFixture.QcMember), id, new Dictionary<string, string> { ["RolloutProgress"] = "StageRollout" });
        await using var services = rt.Services();
        var hooks = services.GetRequiredService<ITicketChangeHooks>();

        var comment = await hooks.ReviewRefusedAsync(id, CancellationToken.None);

        Assert.NotNull(comment);
        Assert.Contains("set back from StageRollout to Unverified: qc acts as VerificationTeam", comment, StringComparison.Ordinal);
        Assert.Equal("Unverified", await RtPeople.FieldAsync(admin, id, "RolloutProgress"));
        Assert.Contains(comment, await RtPeople.CommentsAsync(admin, id));

        // The set-back is refused in turn (a move back is not in the table), but it is the daemon's own and stands.
        Assert.Null(await hooks.ReviewRefusedAsync(id, CancellationToken.None));
        Assert.Equal("Unverified", await RtPeople.FieldAsync(admin, id, "RolloutProgress"));
    }

    // SPEC §2.1 row 1 and §5: a person's move that stands is recorded in StateHistory as the table's actor, at RT's time.
    [Fact]
    public async Task A_QC_members_move_that_stands_is_recorded_in_StateHistory_as_VerificationTeam()
    {
        var id = await RtPeople.CreateTicketAsync(rt.Client(RtFixture.Provider), ProviderFields);
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        await RtPeople.SetFieldsAsync(rt.Client(RtFixture.QcMember), id, new Dictionary<string, string> { ["RolloutProgress"] = "Unverified" });
        await using var services = rt.Services();
        var hooks = services.GetRequiredService<ITicketChangeHooks>();
        var ticket = await services.GetRequiredService<ITicketGateway>().GetTicketAsync(id, CancellationToken.None);
        var request = new ProvisioningRequest(id, RolloutProgress.Submitted, RolloutProgress.Unverified, false);

        Assert.Null(await hooks.ReviewAsync(request, ticket!, CancellationToken.None));
        Assert.Null(await hooks.ReviewAsync(request, ticket!, CancellationToken.None));

        var history = StateHistory.Parse(await RtPeople.FieldAsync(rt.Client(RtFixture.AdminMember), id, "StateHistory"));
        var entry = Assert.Single(history.Entries);
        Assert.Equal(RolloutProgress.Unverified, entry.State);
        Assert.Equal("VerificationTeam", entry.Actor);
        Assert.InRange(entry.EnteredAtUtc, before, DateTimeOffset.UtcNow.AddSeconds(2));
    }

    // SPEC §2.1 rows 1 and 17: the team the table names may make its move.
    [Theory]
    [InlineData(RtFixture.QcMember, RolloutProgress.Submitted, RolloutProgress.Unverified)]
    [InlineData(RtFixture.StageRolloutMember, RolloutProgress.StageRollout, RolloutProgress.Production)]
    [InlineData(RtFixture.AdminMember, RolloutProgress.InVerification, RolloutProgress.StageRollout)]
    public async Task A_move_the_table_allows_for_the_users_group_stands(string user, RolloutProgress previous, RolloutProgress current)
    {
        var id = await RtPeople.CreateTicketAsync(rt.Client(RtFixture.Provider), ProviderFields);
        var admin = rt.Client(RtFixture.AdminMember);
        await RtPeople.SetFieldsAsync(admin, id, new Dictionary<string, string> { ["RolloutProgress"] = current.ToString() });
        await using var services = rt.Services();

        Assert.Null(await services.GetRequiredService<RtChangeGuard>().ReviewAsync(id, previous, current, user, emergencyRelease: false, CancellationToken.None));
        Assert.Equal(current.ToString(), await RtPeople.FieldAsync(admin, id, "RolloutProgress"));
    }

    [Fact]
    public void Groups_map_to_the_actors_of_the_transition_table()
    {
        Assert.Equal([RolloutActor.VerificationTeam], RtActorRules.ActorsOf(["sw-rel-qc", "sw-rel-production", "other"]).ToArray());
        Assert.Equal([RolloutActor.StageRolloutTeam, RolloutActor.Admin], RtActorRules.ActorsOf(["sw-rel-sr", "sw-rel-admin"]).ToArray());
        Assert.Empty(RtActorRules.ActorsOf(["sw-rel-production"]));
    }
}
