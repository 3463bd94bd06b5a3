using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Domain.Tests.Workflow;

namespace SwRel.Domain.Tests.Notifications;

public sealed class TicketAudienceTests
{
    // SPEC §4: "Unverified: CC sw-rel-qc; StageRollout: sw-rel-sr, the early-adopters list of the major release;
    // Production: sw-rel-production; sw-rel-admin is AdminCc on every change."
    [Theory]
    [InlineData(RolloutProgress.Unverified, new[] { "sw-rel-qc" })]
    [InlineData(RolloutProgress.StageRollout, new[] { "sw-rel-sr", "umd-4-early-adopters" })]
    [InlineData(RolloutProgress.Production, new[] { "sw-rel-production" })]
    [InlineData(RolloutProgress.InVerification, new string[0])]
    [InlineData(RolloutProgress.Failed, new string[0])]
    public void The_audience_of_a_state_has_the_matrixs_Cc_groups_and_sw_rel_admin_as_AdminCc(RolloutProgress entered, string[] groups)
    {
        var audience = Fixtures.Workflow().Audience(entered, MajorRelease.Parse("umd-4"));

        Assert.Equal(entered, audience.Entered);
        Assert.Equal(groups, audience.CcGroups.ToArray());
        Assert.Equal("sw-rel-admin", audience.AdminCc);
    }

    [Fact]
    public void Without_a_major_release_the_early_adopters_list_is_left_out()
    {
        Assert.Equal(["sw-rel-sr"], Fixtures.Workflow().Audience(RolloutProgress.StageRollout, null).CcGroups.ToArray());
    }

    // SPEC §4: "Standing owners per phase: InVerification/WaitingForResponse → the QC-verification task leader,
    // StageRollout → the stage-rollout task leader. Mandatory watchers are always present."
    [Theory]
    [InlineData(RolloutProgress.InVerification, "qc-leader")]
    [InlineData(RolloutProgress.WaitingForResponse, "qc-leader")]
    [InlineData(RolloutProgress.StageRollout, "sr-leader")]
    [InlineData(RolloutProgress.Production, null)]
    public void The_standing_owner_is_the_phases_task_leader_and_the_mandatory_watchers_are_always_there(RolloutProgress entered, string? owner)
    {
        var workflow = Fixtures.Workflow(configure: o =>
        {
            o.QcVerificationTaskLeader = "qc-leader";
            o.StageRolloutTaskLeader = "sr-leader";
            o.MandatoryWatchers = ["egi-ops"];
        });

        var audience = workflow.Audience(entered, MajorRelease.Parse("umd-4"));

        Assert.Equal(owner, audience.StandingOwner);
        Assert.Equal(["egi-ops"], audience.MandatoryWatchers.ToArray());
    }

    // The audience and the transition's own notification set come from the same matrix.
    [Fact]
    public void The_audience_agrees_with_the_notification_set_of_a_fired_transition()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Submitted);

        var result = workflow.Fire(ticket, RolloutProgress.Unverified, new TransitionContext(RolloutActor.VerificationTeam));

        Assert.Equal(result.Notifications!.CcGroups, workflow.Audience(RolloutProgress.Unverified, ticket.AssociatedMajorRelease).CcGroups);
    }
}
