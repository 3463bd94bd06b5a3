using Microsoft.Extensions.Time.Testing;
using SwRel.Domain.Notifications;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tests.Workflow;

public sealed class RolloutWorkflowTests
{
    private static TransitionContext Verification(string? reason = null) => new(RolloutActor.VerificationTeam, reason);

    // SPEC §2.1: "Everything not in the table is refused with a clear reason (for example
    // StageRollout → InVerification: "backward transitions are blocked")."
    [Fact]
    public void StageRollout_to_InVerification_is_refused_as_a_backward_transition()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.StageRollout);
        var result = workflow.Fire(ticket, RolloutProgress.InVerification, new TransitionContext(RolloutActor.Admin));
        Assert.False(result.IsApplied);
        Assert.Equal("backward transitions are blocked: StageRollout → InVerification", result.Reason);
        Assert.Equal(RolloutProgress.StageRollout, ticket.RolloutProgress);
    }

    // SPEC §2.1: "There is no Production → Rejected: phasing a release out is not a rejection."
    [Fact]
    public void Production_is_terminal_and_cannot_be_rejected()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Production);
        var result = workflow.Fire(ticket, RolloutProgress.Rejected, new TransitionContext(RolloutActor.Admin, "phase out"));
        Assert.False(result.IsApplied);
        Assert.StartsWith("Production is terminal", result.Reason, StringComparison.Ordinal);
    }

    // SPEC §2.1 row 13: InVerification → Rejected, VerificationTeam, "reason given".
    [Fact]
    public void Rejecting_in_verification_without_a_reason_is_refused_naming_row_13()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.InVerification);
        var refused = workflow.Fire(ticket, RolloutProgress.Rejected, Verification());
        Assert.Equal("row 13 (InVerification → Rejected) needs a reason", refused.Reason);

        var applied = workflow.Fire(ticket, RolloutProgress.Rejected, Verification("fails QC"));
        Assert.True(applied.IsApplied);
        Assert.Equal("fails QC", applied.Notifications!.Reason);
    }

    // SPEC §2.1 row 17: StageRollout → Production is asked for by the StageRolloutTeam.
    [Fact]
    public void A_wrong_actor_is_told_who_may_ask()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.StageRollout);
        var result = workflow.Fire(ticket, RolloutProgress.Production, Verification());
        Assert.Equal("row 17 (StageRollout → Production) is for StageRolloutTeam or Admin, not VerificationTeam", result.Reason);
    }

    // SPEC §2.1: "Admin (sw-rel-admin, may do anything a team may do)" — but not the repository's rows.
    [Fact]
    public void Admin_may_ask_for_a_team_row_but_not_for_a_Repo_row()
    {
        var workflow = Fixtures.Workflow(slotTaken: true);
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.InVerification);
        var deferred = workflow.Fire(ticket, RolloutProgress.Deferred, new TransitionContext(RolloutActor.Admin));
        Assert.Equal("row 12 (InVerification → Deferred) is for Repo only, not Admin", deferred.Reason);

        var waiting = workflow.Fire(ticket, RolloutProgress.WaitingForResponse, new TransitionContext(RolloutActor.Admin));
        Assert.True(waiting.IsApplied);
    }

    // SPEC §2.1 rows 11 and 12: InVerification → StageRollout needs the slot free, "else the
    // ticket goes to Deferred instead, row 12".
    [Fact]
    public void A_taken_slot_refuses_StageRollout_and_says_the_ticket_goes_to_Deferred()
    {
        var workflow = Fixtures.Workflow(slotTaken: true);
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.InVerification);
        var result = workflow.Fire(ticket, RolloutProgress.StageRollout, Verification());
        Assert.False(result.IsApplied);
        Assert.Contains("slot of umd-4 is taken", result.Reason, StringComparison.Ordinal);
        Assert.Contains("goes to Deferred instead (row 12, asked by Repo)", result.Reason, StringComparison.Ordinal);

        Assert.True(workflow.Fire(ticket, RolloutProgress.Deferred, new TransitionContext(RolloutActor.Repo)).IsApplied);
    }

    // SPEC §2.1: "at most one ticket per AssociatedMajorRelease is in StageRollout at a time" — also when
    // an admin reverts (row 21) or retries (row 22) into StageRollout.
    [Theory]
    [InlineData(RolloutProgress.StageRollout, RolloutProgress.Production, 21)]
    [InlineData(RolloutProgress.InVerification, RolloutProgress.StageRollout, 22)]
    public void Reverting_or_retrying_into_StageRollout_is_refused_while_another_release_holds_the_slot(
        RolloutProgress failedFrom, RolloutProgress failedTo, int row)
    {
        var workflow = Fixtures.Workflow(slotTaken: true);
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Failed, failed: new FailedTransition(failedFrom, failedTo, "boom"));
        var result = workflow.Fire(ticket, RolloutProgress.StageRollout, new TransitionContext(RolloutActor.Admin));
        Assert.False(result.IsApplied);
        Assert.Equal(
            $"row {row} (Failed → StageRollout) would put a second release of umd-4 into StageRollout: the slot is taken by another release, so the ticket stays Failed until the slot is free (or is rejected, row 23)",
            result.Reason);
        Assert.Equal(RolloutProgress.Failed, ticket.RolloutProgress);

        var emergency = Fixtures.TicketIn(workflow, RolloutProgress.Failed, emergency: true, failed: new FailedTransition(failedFrom, failedTo, "boom"));
        Assert.Equal(row, workflow.Fire(emergency, RolloutProgress.StageRollout, new TransitionContext(RolloutActor.Admin)).Decision.Rule?.Number);
    }

    // SPEC §2.1 row 12: "InVerification → Deferred, Repo: another release of the same AssociatedMajorRelease
    // is in StageRollout". A ticket system records the person's StageRollout first; the repository's
    // correction to Deferred is row 12b, and a later failure is the failure of row 12.
    [Fact]
    public void The_repository_corrects_an_entry_into_StageRollout_made_while_the_slot_was_taken_to_Deferred_as_row_12b()
    {
        var slots = new FixedSlots(taken: false);
        var workflow = new RolloutWorkflow(new WorkflowOptions(), slots, new FakeTimeProvider(Fixtures.Start));
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.InVerification);
        Assert.Equal(11, workflow.Fire(ticket, RolloutProgress.StageRollout, Verification()).Decision.Rule?.Number);
        slots.Taken = true;

        var admin = workflow.Fire(ticket, RolloutProgress.Deferred, new TransitionContext(RolloutActor.Admin));
        Assert.Equal("row 12b (StageRollout → Deferred) is for Repo only, not Admin", admin.Reason);

        var corrected = workflow.Fire(ticket, RolloutProgress.Deferred, new TransitionContext(RolloutActor.Repo));
        Assert.Equal("12b", corrected.Decision.Rule?.Label);
        Assert.Equal(
            [RolloutProgress.InVerification, RolloutProgress.StageRollout, RolloutProgress.Deferred],
            ticket.History.Path.ToArray()[^3..]);

        Assert.True(workflow.Fire(ticket, RolloutProgress.Failed, new TransitionContext(RolloutActor.Repo, "promotion failed")).IsApplied);
        Assert.Equal(new FailedTransition(RolloutProgress.InVerification, RolloutProgress.Deferred, "promotion failed"), ticket.FailedTransition);
    }

    [Fact]
    public void StageRollout_to_Deferred_is_refused_while_the_slot_is_free()
    {
        var workflow = Fixtures.Workflow(slotTaken: false);
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.InVerification);
        Assert.True(workflow.Fire(ticket, RolloutProgress.StageRollout, Verification()).IsApplied);
        var result = workflow.Fire(ticket, RolloutProgress.Deferred, new TransitionContext(RolloutActor.Repo));
        Assert.Equal(
            "row 12b (StageRollout → Deferred) needs another release of umd-4 in StageRollout, but the slot is free, so the ticket stays in StageRollout",
            result.Reason);
    }

    // Row 12b corrects only a row-11 entry, as the pipeline does.
    [Fact]
    public void StageRollout_to_Deferred_corrects_only_a_move_from_InVerification()
    {
        var slots = new FixedSlots(taken: false);
        var workflow = new RolloutWorkflow(new WorkflowOptions { EmergencyBypassesSlot = false }, slots, new FakeTimeProvider(Fixtures.Start));
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Unverified, emergency: true);
        Assert.Equal(7, workflow.Fire(ticket, RolloutProgress.StageRollout, Verification()).Decision.Rule?.Number);
        slots.Taken = true;

        var result = workflow.Fire(ticket, RolloutProgress.Deferred, new TransitionContext(RolloutActor.Repo));
        Assert.Equal(
            "row 12b (StageRollout → Deferred) only corrects a move InVerification → StageRollout made while the slot was taken, and that is not the ticket's latest move",
            result.Reason);
        Assert.Equal(RolloutProgress.StageRollout, ticket.RolloutProgress);
    }

    // SPEC §2.1: "Option EmergencyBypassesSlot (default true) lets an emergency release enter
    // StageRollout while the slot is taken."
    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void An_emergency_release_enters_StageRollout_past_a_taken_slot_only_when_the_option_allows(bool bypass, bool applied)
    {
        var workflow = Fixtures.Workflow(slotTaken: true, bypass: bypass);
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Unverified, emergency: true);
        var result = workflow.Fire(ticket, RolloutProgress.StageRollout, Verification());
        Assert.Equal(applied, result.IsApplied);
        Assert.Equal(applied ? 7 : null, result.Decision.Rule?.Number);
    }

    // SPEC §2.1 rows 7 and 8: the emergency policy decides where an emergency release goes from Unverified.
    [Fact]
    public void The_emergency_policy_StraightToProduction_sends_an_emergency_release_to_Production()
    {
        var workflow = Fixtures.Workflow(policy: EmergencyPolicy.StraightToProduction);
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Unverified, emergency: true);
        var stage = workflow.Fire(ticket, RolloutProgress.StageRollout, Verification());
        Assert.Contains("needs the emergency policy FastStagedRollout, but the policy is StraightToProduction", stage.Reason, StringComparison.Ordinal);

        var production = workflow.Fire(ticket, RolloutProgress.Production, Verification());
        Assert.Equal(8, production.Decision.Rule!.Number);
    }

    [Fact]
    public void A_non_emergency_release_cannot_skip_verification()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Unverified);
        var result = workflow.Fire(ticket, RolloutProgress.StageRollout, Verification());
        Assert.Equal("row 7 (Unverified → StageRollout) is for emergency releases only, and EmergencyRelease is No", result.Reason);
    }

    // SPEC §2.1 row 17: "stage-rollout report set (all early-adopter reports evaluated)".
    [Fact]
    public void Production_needs_the_stage_rollout_report()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.StageRollout, reports: false);
        var result = workflow.Fire(ticket, RolloutProgress.Production, new TransitionContext(RolloutActor.StageRolloutTeam));
        Assert.Contains("needs the StageRolloutReport to be set", result.Reason, StringComparison.Ordinal);
    }

    // SPEC §2.1 rows 20–22: "the failed transition (from, to) and the message are recorded";
    // revert goes to its from, retry to its to.
    [Fact]
    public void Failed_records_the_failed_transition_and_revert_and_retry_use_it()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Submitted);
        Assert.True(workflow.Fire(ticket, RolloutProgress.Unverified, Verification()).IsApplied);

        var noMessage = workflow.Fire(ticket, RolloutProgress.Failed, new TransitionContext(RolloutActor.Repo));
        Assert.Equal("row 20 (Unverified → Failed) needs the message of the failed repository action", noMessage.Reason);

        Assert.True(workflow.Fire(ticket, RolloutProgress.Failed, new TransitionContext(RolloutActor.Repo, "rsync: connection refused")).IsApplied);
        Assert.Equal(new FailedTransition(RolloutProgress.Submitted, RolloutProgress.Unverified, "rsync: connection refused"), ticket.FailedTransition);

        var elsewhere = workflow.Fire(ticket, RolloutProgress.StageRollout, new TransitionContext(RolloutActor.Admin));
        Assert.Contains("revert to Submitted (row 21), retry into Unverified (row 22)", elsewhere.Reason, StringComparison.Ordinal);

        var retry = workflow.Fire(ticket, RolloutProgress.Unverified, new TransitionContext(RolloutActor.Admin));
        Assert.Equal(22, retry.Decision.Rule!.Number);
        Assert.Null(ticket.FailedTransition);
        Assert.Equal(RolloutProgress.Submitted, ticket.LastFailedTransition!.From);
    }

    // SPEC §2.1 row 22: "retry: the repository action runs again" — so a second failure is the same failed transition.
    [Fact]
    public void A_failure_after_a_retry_records_the_original_transition_so_it_can_still_be_reverted()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Submitted);
        var repo = new TransitionContext(RolloutActor.Repo, "rsync: connection refused");
        var admin = new TransitionContext(RolloutActor.Admin);
        Assert.True(workflow.Fire(ticket, RolloutProgress.Unverified, Verification()).IsApplied);
        Assert.True(workflow.Fire(ticket, RolloutProgress.Failed, repo).IsApplied);
        Assert.Equal(22, workflow.Fire(ticket, RolloutProgress.Unverified, admin).Decision.Rule?.Number);

        Assert.True(workflow.Fire(ticket, RolloutProgress.Failed, repo with { Reason = "rsync: timeout" }).IsApplied);
        Assert.Equal(new FailedTransition(RolloutProgress.Submitted, RolloutProgress.Unverified, "rsync: timeout"), ticket.FailedTransition);

        var revert = workflow.Fire(ticket, RolloutProgress.Submitted, admin);
        Assert.Equal(21, revert.Decision.Rule?.Number);
        Assert.Equal(RolloutProgress.Submitted, ticket.RolloutProgress);
    }

    // SPEC §2.1 row 21: a revert returns to the failed transition's from; a failure reported right after
    // it is that transition's failure again, so the admin can still retry it.
    [Fact]
    public void A_failure_right_after_a_revert_records_the_reverted_transition()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.StageRollout);
        Assert.True(workflow.Fire(ticket, RolloutProgress.Production, new TransitionContext(RolloutActor.StageRolloutTeam)).IsApplied);
        Assert.True(workflow.Fire(ticket, RolloutProgress.Failed, new TransitionContext(RolloutActor.Repo, "merge conflict")).IsApplied);
        Assert.Equal(21, workflow.Fire(ticket, RolloutProgress.StageRollout, new TransitionContext(RolloutActor.Admin)).Decision.Rule?.Number);

        Assert.True(workflow.Fire(ticket, RolloutProgress.Failed, new TransitionContext(RolloutActor.Repo, "cleanup failed")).IsApplied);
        Assert.Equal(new FailedTransition(RolloutProgress.StageRollout, RolloutProgress.Production, "cleanup failed"), ticket.FailedTransition);
        Assert.Equal(22, workflow.Fire(ticket, RolloutProgress.Production, new TransitionContext(RolloutActor.Admin)).Decision.Rule?.Number);
    }

    // The record outlives Failed (an integrator or the pipeline resolves a request from Failed after the ticket left it).
    [Fact]
    public void The_last_failed_transition_is_kept_after_the_ticket_leaves_Failed_and_saved_with_it()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.StageRollout);
        Assert.True(workflow.Fire(ticket, RolloutProgress.Production, new TransitionContext(RolloutActor.StageRolloutTeam)).IsApplied);
        Assert.True(workflow.Fire(ticket, RolloutProgress.Failed, new TransitionContext(RolloutActor.Repo, "index refresh failed")).IsApplied);
        var failed = new FailedTransition(RolloutProgress.StageRollout, RolloutProgress.Production, "index refresh failed");
        Assert.True(workflow.Fire(ticket, RolloutProgress.StageRollout, new TransitionContext(RolloutActor.Admin)).IsApplied);

        Assert.Null(ticket.FailedTransition);
        Assert.Equal(failed, ticket.LastFailedTransition);
        Assert.Equal(failed, ticket.ToRecord().FailedTransition);
        Assert.Equal(failed, Ticket.FromRecord(ticket.ToRecord()).LastFailedTransition);
    }

    [Fact]
    public void Revert_returns_to_the_failed_transitions_source()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Failed);
        var result = workflow.Fire(ticket, RolloutProgress.InVerification, new TransitionContext(RolloutActor.Admin));
        Assert.Equal(21, result.Decision.Rule!.Number);
        Assert.Equal(RolloutProgress.InVerification, ticket.RolloutProgress);
    }

    // SPEC §2.2: "entering a terminal state sets resolved (and raises the "synchronise back to GGUS" event)".
    [Fact]
    public void Entering_a_terminal_state_resolves_the_ticket_and_synchronises_to_GGUS()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.StageRollout);
        var result = workflow.Fire(ticket, RolloutProgress.Production, new TransitionContext(RolloutActor.StageRolloutTeam));
        Assert.True(result.SynchroniseToGgus);
        Assert.Equal(TicketStatus.Resolved, ticket.Status);
    }

    // SPEC §5: "Every state entry is recorded with its UTC time and actor."
    [Fact]
    public void Every_applied_transition_is_recorded_with_its_time_and_actor()
    {
        var time = new FakeTimeProvider(Fixtures.Start);
        var workflow = Fixtures.Workflow(time: time);
        var ticket = workflow.CreateTicket(7, MajorRelease.Parse("umd-4"), "provider");
        time.Advance(TimeSpan.FromHours(2));
        var result = workflow.Fire(ticket, RolloutProgress.Unverified, new TransitionContext(RolloutActor.VerificationTeam, ActorName: "alice"));
        Assert.Equal(new(RolloutProgress.Unverified, Fixtures.Start.AddHours(2), "alice"), result.HistoryEntry);
        Assert.Equal([RolloutProgress.Submitted, RolloutProgress.Unverified], ticket.History.Path.ToArray());
    }

    // SPEC §4: standing owners per phase; "setting an owner makes it open" (§2.2).
    [Fact]
    public void Standing_owners_take_the_ticket_in_their_phase_and_open_it()
    {
        var workflow = Fixtures.Workflow(configure: o => o.QcVerificationTaskLeader = "qc-leader");
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Unverified);
        ticket.Status = TicketStatus.New;
        workflow.Fire(ticket, RolloutProgress.InVerification, Verification());
        Assert.Equal("qc-leader", ticket.Owner);
        Assert.Equal(TicketStatus.Open, ticket.Status);
    }

    [Fact]
    public void The_reusable_machine_keeps_its_state_in_the_ticket()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Submitted);
        var machine = workflow.CreateMachine(ticket);
        Assert.True(machine.Fire(RolloutProgress.Unverified, Verification()).IsApplied);
        Assert.Equal(RolloutProgress.Unverified, machine.StateMachine.State);
        ticket.RolloutProgress = RolloutProgress.StageRollout;
        Assert.Equal(RolloutProgress.StageRollout, machine.StateMachine.State);
    }

    // SPEC §4: default matrix — StageRollout notifies Repo, CCs sw-rel-sr and the early-adopters list.
    [Fact]
    public void Entering_StageRollout_notifies_Repo_and_ccs_the_stage_rollout_groups()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.InVerification);
        var result = workflow.Fire(ticket, RolloutProgress.StageRollout, Verification());
        var set = result.Notifications!;
        Assert.Equal(NotificationRecipients.Repo, set.Recipients);
        Assert.Equal(["sw-rel-sr", "umd-4-early-adopters"], set.CcGroups.ToArray());
        Assert.Equal("sw-rel-admin", set.AdminCc);
    }

    // SPEC §4: "CC groups are recomputed from scratch (purge, then add) on each RolloutProgress
    // change, and only once the repository answered CommunicationStatus OK for that change; on any
    // other answer CCs stay."
    [Fact]
    public void Cc_groups_change_only_when_the_repository_answers_OK()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Submitted);
        var unverified = workflow.Fire(ticket, RolloutProgress.Unverified, Verification()).Notifications!;
        Assert.False(workflow.ApplyCommunicationStatus(ticket, unverified, "ERROR: rsync failed"));
        Assert.Empty(ticket.CcGroups);
        Assert.True(workflow.ApplyCommunicationStatus(ticket, unverified, "OK"));
        Assert.Equal(["sw-rel-qc"], ticket.CcGroups.ToArray());

        var inVerification = workflow.Fire(ticket, RolloutProgress.InVerification, Verification()).Notifications!;
        workflow.ApplyCommunicationStatus(ticket, inVerification, " ok ");
        Assert.Empty(ticket.CcGroups);
    }

    [Fact]
    public void Permitted_targets_list_what_an_actor_may_do_now()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.InVerification);
        Assert.Equal(
            [RolloutProgress.WaitingForResponse, RolloutProgress.StageRollout, RolloutProgress.Rejected],
            workflow.PermittedTargets(ticket, Verification("why")));
    }

    // SPEC §2.1 rows 21 and 22: revert to "the failed transition's from", retry "the failed transition's to"; the failed
    // transition is the one whose repository action failed, so it is a row of the table.
    [Theory]
    [InlineData(RolloutProgress.Production, RolloutProgress.InVerification)]
    [InlineData(RolloutProgress.Submitted, RolloutProgress.Production)]
    [InlineData(RolloutProgress.Unverified, RolloutProgress.Unverified)]
    public void Revert_and_retry_are_refused_when_the_recorded_failed_transition_is_no_row_of_the_table(RolloutProgress from, RolloutProgress to)
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Failed, failed: new FailedTransition(from, to, "boom"));
        var admin = new TransitionContext(RolloutActor.Admin);

        var revert = workflow.Fire(ticket, from, admin);
        var retry = workflow.Fire(ticket, to, admin);

        Assert.False(revert.IsApplied);
        Assert.False(retry.IsApplied);
        Assert.Contains("is not one", revert.Reason, StringComparison.Ordinal);
        Assert.Equal(RolloutProgress.Failed, ticket.RolloutProgress);
        Assert.True(workflow.Fire(ticket, RolloutProgress.Rejected, new TransitionContext(RolloutActor.Admin, "cannot be repaired")).IsApplied);
    }
}
