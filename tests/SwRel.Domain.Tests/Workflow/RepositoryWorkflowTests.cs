using Microsoft.Extensions.Options;
using SwRel.Domain.Requests;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tests.Workflow;

public sealed class RepositoryWorkflowTests
{
    private readonly RepositoryWorkflow _workflow = new(Options.Create(new WorkflowOptions()));

    private static TicketSnapshot Ticket(int id, RolloutProgress state, FailedTransition? failed = null, int day = 0) =>
        TicketSnapshot.FromTicketSystem(
            id,
            state,
            DateTimeOffset.UnixEpoch.AddDays(day),
            new Dictionary<string, string> { ["AssociatedMajorRelease"] = "umd-4", ["EmergencyRelease"] = "No" },
            failed);

    private static TransitionRequest Request(RolloutProgress from, RolloutProgress to) => new(1, from, to, false);

    // SPEC §2.1: rows 12, 12b, 15 and 20 are the repository's own; the ticket system echoes them back as requests.
    [Theory]
    [InlineData(RolloutProgress.InVerification, RolloutProgress.Deferred)]
    [InlineData(RolloutProgress.StageRollout, RolloutProgress.Deferred)]
    [InlineData(RolloutProgress.Deferred, RolloutProgress.StageRollout)]
    [InlineData(RolloutProgress.Unverified, RolloutProgress.Failed)]
    public void The_repositorys_own_changes_are_ignored(RolloutProgress from, RolloutProgress to)
    {
        var decision = _workflow.Decide(Request(from, to), Ticket(1, to));
        Assert.Equal(RepositoryDecisionKind.Ignore, decision.Kind);
        Assert.Contains("the repository's own change", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_row_is_applied_by_its_row()
    {
        var decision = _workflow.Decide(Request(RolloutProgress.Submitted, RolloutProgress.Unverified), Ticket(1, RolloutProgress.Unverified));
        Assert.Equal((RepositoryDecisionKind.Apply, "1"), (decision.Kind, decision.Rule!.Label));
        Assert.Null(decision.SlotMajorRelease);
    }

    // SPEC §12: "A Failed comment suggests only a follow-up the table allows and that can succeed."
    [Fact]
    public void A_refused_transition_fails_without_offering_a_retry()
    {
        var decision = _workflow.Decide(Request(RolloutProgress.Unverified, RolloutProgress.StageRollout), Ticket(1, RolloutProgress.StageRollout));
        Assert.Equal(RepositoryDecisionKind.Fail, decision.Kind);
        Assert.Equal(["21", "23"], decision.FollowUps.Select(r => r.Label));
        Assert.Equal(new FailedTransition(RolloutProgress.Unverified, RolloutProgress.StageRollout, decision.Failure!.Message), decision.Failure);
        Assert.DoesNotContain("retry", decision.Comment!.Replace("a retry would be refused again", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_repository_action_may_be_reverted_retried_or_rejected()
    {
        var decision = _workflow.ActionFailed(Ticket(1, RolloutProgress.Unverified), RolloutProgress.Submitted, RolloutProgress.Unverified, "rsync: timeout.");
        Assert.Equal(["21", "22", "23"], decision.FollowUps.Select(r => r.Label));
        Assert.Equal("20", decision.Rule!.Label);
        Assert.EndsWith("an admin may revert it to Submitted, retry Unverified, or reject it.", decision.Comment, StringComparison.Ordinal);
    }

    // SPEC §2.1 rows 21 and 22 revert or retry "the failed transition", which is a row of the table.
    [Fact]
    public void A_retry_of_a_recorded_failure_that_is_no_table_row_fails_and_offers_only_a_reject()
    {
        var notARow = new FailedTransition(RolloutProgress.StageRollout, RolloutProgress.InVerification, "backward.");
        var decision = _workflow.Decide(Request(RolloutProgress.Failed, RolloutProgress.InVerification), Ticket(1, RolloutProgress.InVerification, notARow));
        Assert.Equal(RepositoryDecisionKind.Fail, decision.Kind);
        Assert.Equal(["23"], decision.FollowUps.Select(r => r.Label));
        Assert.Contains("is no transition of the table", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retry_from_Failed_carries_the_failed_transition_out_again()
    {
        var failed = new FailedTransition(RolloutProgress.Submitted, RolloutProgress.Unverified, "timeout.");
        var decision = _workflow.Decide(Request(RolloutProgress.Failed, RolloutProgress.Unverified), Ticket(1, RolloutProgress.Unverified, failed));
        Assert.Equal((RepositoryDecisionKind.Apply, RolloutProgress.Submitted, RolloutProgress.Unverified, "22"), (decision.Kind, decision.From, decision.To, decision.Rule!.Label));
    }

    // SPEC §2.1 rows 11 and 12b: an entry into a taken slot from InVerification is corrected to Deferred.
    [Fact]
    public void A_row_11_entry_into_a_taken_slot_is_deferred_by_row_12b()
    {
        var request = Request(RolloutProgress.InVerification, RolloutProgress.StageRollout);
        var ticket = Ticket(1, RolloutProgress.StageRollout);
        var first = _workflow.Decide(request, ticket);
        Assert.Equal((RepositoryDecisionKind.ConsultSlot, "umd-4"), (first.Kind, first.SlotMajorRelease));

        var deferred = _workflow.Decide(request, ticket, [ticket, Ticket(9, RolloutProgress.StageRollout)]);
        Assert.Equal((RepositoryDecisionKind.Defer, RolloutProgress.StageRollout, RolloutProgress.Deferred, "12b"), (deferred.Kind, deferred.From, deferred.To, deferred.Rule!.Label));
        Assert.Contains("#9", deferred.Comment, StringComparison.Ordinal);

        var entered = _workflow.Decide(request, ticket, [ticket, Ticket(9, RolloutProgress.Failed, new FailedTransition(RolloutProgress.Unverified, RolloutProgress.InVerification, "x"))]);
        Assert.Equal((RepositoryDecisionKind.Apply, "11"), (entered.Kind, entered.Rule!.Label));
    }

    // SPEC §2.1 row 15: "slot free (oldest Deferred ticket of that major release first)".
    [Fact]
    public void The_oldest_Deferred_ticket_moves_on_only_when_no_ticket_holds_the_slot()
    {
        List<TicketSnapshot> line = [Ticket(5, RolloutProgress.Deferred, day: 3), Ticket(6, RolloutProgress.Deferred, day: 1), Ticket(4, RolloutProgress.Deferred, day: 2)];
        var next = _workflow.NextFromDeferred(line)!;
        Assert.Equal((RepositoryDecisionKind.MoveDeferredOn, 6, "15"), (next.Kind, next.TicketId, next.Rule!.Label));

        line.Add(Ticket(7, RolloutProgress.Failed, new FailedTransition(RolloutProgress.StageRollout, RolloutProgress.Production, "x")));
        Assert.Null(_workflow.NextFromDeferred(line));
    }

    [Fact]
    public void A_ticket_with_invalid_fields_fails_naming_them()
    {
        var ticket = TicketSnapshot.FromTicketSystem(1, RolloutProgress.Unverified, DateTimeOffset.UnixEpoch, new Dictionary<string, string> { ["SyncProtocol"] = "scp" }, null);
        var decision = _workflow.Decide(Request(RolloutProgress.Submitted, RolloutProgress.Unverified), ticket);
        Assert.Equal(RepositoryDecisionKind.Fail, decision.Kind);
        Assert.Contains("SyncProtocol 'scp'", decision.Message, StringComparison.Ordinal);
        Assert.Contains("AssociatedMajorRelease is missing", decision.Message, StringComparison.Ordinal);
    }
}
