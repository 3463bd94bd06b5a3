using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Repository.Execution;

namespace SwRel.Pipeline.Tests;

/// <summary>Rows 20 to 23 as the pipeline sees them: the admin has already moved the ticket out of Failed when the request arrives.</summary>
public sealed class ProvisioningProcessorFailedTicketTests
{
    private readonly PipelineFixture _f;

    public ProvisioningProcessorFailedTicketTests()
    {
        var time = new ManualTimeProvider();
        _f = new PipelineFixture(new InMemoryRequestQueue(time), time);
    }

    // SPEC §2.1 rows 21–23: from Failed an admin reverts to the failed transition's from, retries its
    // to, or rejects. The gateway keeps the last failed transition after the ticket left Failed.
    [Theory]
    [InlineData(RolloutProgress.StageRollout)]
    [InlineData(RolloutProgress.Production)]
    [InlineData(RolloutProgress.Rejected)]
    public async Task Through_a_ticket_system_that_keeps_the_failure_in_a_field_revert_retry_and_reject_work_after_the_ticket_left_Failed(RolloutProgress choice)
    {
        var system = new TicketSystemGateway(_f.Gateway);
        var processor = _f.CreateProcessor(gateway: system);
        var ticket = _f.NewTicket(state: RolloutProgress.StageRollout);
        _f.Actions.FailWith = _ => new RepositoryActionException("merge conflict in updates.");
        await _f.MoveAsync(ticket, RolloutProgress.Production);
        await processor.DrainAsync(default);
        _f.Actions.FailWith = null;

        await _f.MoveAsync(ticket, choice);
        var report = await processor.ProcessNextAsync(default);

        Assert.NotEqual(ProcessingOutcome.Failed, report!.Outcome);
        Assert.Equal(choice, await _f.StateAsync(ticket));
        var read = await system.GetTicketAsync(ticket, default);
        Assert.Equal(new FailedTransition(RolloutProgress.StageRollout, RolloutProgress.Production, "merge conflict in updates."), read!.LastFailedTransition);
        var expectedRun = choice switch
        {
            RolloutProgress.StageRollout => ((int, RolloutProgress, RolloutProgress)?)null,
            RolloutProgress.Production => (ticket, RolloutProgress.StageRollout, RolloutProgress.Production),
            _ => (ticket, RolloutProgress.Failed, RolloutProgress.Rejected),
        };
        Assert.Equal(expectedRun, _f.Actions.Runs.Skip(1).Cast<(int, RolloutProgress, RolloutProgress)?>().SingleOrDefault());
    }

    // SPEC §2.1 row 20 records the failed transition (from, to); rows 21–23 need it. An admin's move
    // from Failed that the table refuses must not replace it with "Failed → somewhere".
    [Fact]
    public async Task A_refused_move_from_Failed_keeps_the_failed_transition_so_the_release_can_still_be_rejected_and_cleaned()
    {
        var system = new TicketSystemGateway(_f.Gateway);
        var processor = _f.CreateProcessor(gateway: system);
        var ticket = _f.NewTicket(state: RolloutProgress.StageRollout);
        _f.Actions.FailWith = c => c.To == RolloutProgress.Production ? new RepositoryActionException("merge conflict in updates.") : null;
        await _f.MoveAsync(ticket, RolloutProgress.Production);
        await processor.DrainAsync(default);

        await _f.MoveAsync(ticket, RolloutProgress.InVerification);
        var refused = await processor.ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Failed, refused!.Outcome);
        var read = await system.GetTicketAsync(ticket, default);
        Assert.Equal(RolloutProgress.Failed, read!.RolloutProgress);
        Assert.Equal((RolloutProgress.StageRollout, RolloutProgress.Production), (read.LastFailedTransition!.From, read.LastFailedTransition.To));
        Assert.Contains("revert it to StageRollout, retry Production, or reject it", _f.Gateway.Comments(ticket)[^1], StringComparison.Ordinal);

        await _f.MoveAsync(ticket, RolloutProgress.Rejected);
        var rejected = await processor.ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Succeeded, rejected!.Outcome);
        Assert.Equal(RolloutProgress.Rejected, await _f.StateAsync(ticket));
        Assert.Equal((ticket, RolloutProgress.Failed, RolloutProgress.Rejected), _f.Actions.Runs[^1]);
    }

    // SPEC §2.1 row 23 (Failed → Rejected) needs no failed transition: the release is cleared from every area it may be in.
    [Fact]
    public async Task A_reject_from_Failed_is_carried_out_even_when_the_ticket_system_forgot_the_failed_transition()
    {
        var forgetful = new TicketSystemGateway(_f.Gateway) { KeepsFailure = false };
        var processor = _f.CreateProcessor(gateway: forgetful);
        var ticket = _f.NewTicket();
        _f.Actions.FailWith = c => c.To == RolloutProgress.Unverified ? new RepositoryActionException("fetch failed.") : null;
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        await processor.DrainAsync(default);

        await _f.MoveAsync(ticket, RolloutProgress.Rejected);
        var report = await processor.ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Succeeded, report!.Outcome);
        Assert.Equal(RolloutProgress.Rejected, await _f.StateAsync(ticket));
        Assert.Equal((ticket, RolloutProgress.Failed, RolloutProgress.Rejected), _f.Actions.Runs[^1]);
    }

    [Fact]
    public async Task A_retry_through_a_ticket_system_that_forgot_the_failed_transition_is_refused_with_a_reason_naming_the_gateway()
    {
        var forgetful = new TicketSystemGateway(_f.Gateway) { KeepsFailure = false };
        var processor = _f.CreateProcessor(gateway: forgetful);
        var ticket = _f.NewTicket();
        _f.Actions.FailWith = _ => new RepositoryActionException("fetch failed.");
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        await processor.DrainAsync(default);
        _f.Actions.FailWith = null;

        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        var report = await processor.ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Failed, report!.Outcome);
        Assert.Single(_f.Actions.Runs);
        Assert.Equal(RolloutProgress.Failed, await _f.StateAsync(ticket));
        var comment = _f.Gateway.Comments(ticket)[^1];
        Assert.Contains("did not keep the ticket's last failed transition", comment, StringComparison.Ordinal);
        Assert.Contains("an admin may only reject it", comment, StringComparison.Ordinal);
    }

    // SPEC §2.1: at most one ticket per AssociatedMajorRelease is in StageRollout. A ticket whose
    // StageRollout → Production failed is still in the stage-rollout area, and row 21 may put it back.
    [Fact]
    public async Task A_ticket_whose_failure_started_in_StageRollout_keeps_the_slot_so_that_its_revert_finds_it_free()
    {
        var processor = _f.CreateProcessor();
        var holder = _f.NewTicket(state: RolloutProgress.StageRollout);
        var deferred = _f.NewTicket(state: RolloutProgress.Deferred);
        _f.Actions.FailWith = c => c.Ticket.Id == holder && c.To == RolloutProgress.Production ? new RepositoryActionException("merge conflict in updates.") : null;
        await _f.MoveAsync(holder, RolloutProgress.Production);
        await processor.DrainAsync(default);

        Assert.Equal(RolloutProgress.Failed, await _f.StateAsync(holder));
        Assert.Equal(RolloutProgress.Deferred, await _f.StateAsync(deferred));
        Assert.Contains("keeps the stage-rollout slot", _f.Gateway.Comments(holder)[^1], StringComparison.Ordinal);

        await _f.MoveAsync(holder, RolloutProgress.StageRollout);
        var revert = await processor.ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Skipped, revert!.Outcome);
        Assert.Equal(RolloutProgress.StageRollout, await _f.StateAsync(holder));
        Assert.Equal(RolloutProgress.Deferred, await _f.StateAsync(deferred));

        _f.Actions.FailWith = null;
        await _f.MoveAsync(holder, RolloutProgress.Production);
        await processor.DrainAsync(default);

        Assert.Equal(RolloutProgress.Production, await _f.StateAsync(holder));
        Assert.Equal(RolloutProgress.StageRollout, await _f.StateAsync(deferred));
    }

    // SPEC §2.1 row 15: when the slot is free, the oldest Deferred ticket moves in.
    [Fact]
    public async Task Rejecting_a_Failed_ticket_whose_failure_started_in_StageRollout_frees_the_slot_for_the_oldest_Deferred()
    {
        var processor = _f.CreateProcessor();
        var holder = _f.NewTicket(state: RolloutProgress.StageRollout);
        var deferred = _f.NewTicket(state: RolloutProgress.Deferred);
        _f.Actions.FailWith = c => c.Ticket.Id == holder && c.To == RolloutProgress.Production ? new RepositoryActionException("merge conflict in updates.") : null;
        await _f.MoveAsync(holder, RolloutProgress.Production);
        await processor.DrainAsync(default);
        Assert.Equal(RolloutProgress.Deferred, await _f.StateAsync(deferred));

        await _f.MoveAsync(holder, RolloutProgress.Rejected);
        var report = Assert.Single(await processor.DrainAsync(default));

        Assert.Equal(RolloutProgress.Rejected, await _f.StateAsync(holder));
        Assert.Equal(RolloutProgress.StageRollout, await _f.StateAsync(deferred));
        Assert.Contains(new PipelineTransition { TicketId = deferred, From = RolloutProgress.Deferred, To = RolloutProgress.StageRollout, Rule = TransitionTable.Row(15) }, report.Transitions);
    }

    [Fact]
    public async Task A_revert_into_StageRollout_while_another_ticket_holds_the_slot_is_refused_and_keeps_the_failed_transition()
    {
        var processor = _f.CreateProcessor();
        var first = _f.NewTicket(state: RolloutProgress.StageRollout);
        var second = _f.NewTicket(state: RolloutProgress.InVerification);
        _f.Actions.FailWith = c => c.Ticket.Id == first ? new RepositoryActionException("merge conflict in updates.") : null;
        // The team moves the first release to Production; before the repository gets to it, the
        // second release enters the slot that the ticket system shows as free.
        _f.Gateway.Move(first, RolloutProgress.Production);
        await _f.MoveAsync(second, RolloutProgress.StageRollout);
        await _f.Queue.EnqueueAsync(new ProvisioningRequest(first, RolloutProgress.StageRollout, RolloutProgress.Production, false), default);
        await processor.DrainAsync(default);
        Assert.Equal(RolloutProgress.StageRollout, await _f.StateAsync(second));
        Assert.Equal(RolloutProgress.Failed, await _f.StateAsync(first));

        await _f.MoveAsync(first, RolloutProgress.StageRollout);
        var revert = await processor.ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Failed, revert!.Outcome);
        Assert.Equal(RolloutProgress.Failed, await _f.StateAsync(first));
        Assert.Equal((RolloutProgress.StageRollout, RolloutProgress.Production), (await _f.FailureAsync(first)) is { } f ? (f.From, f.To) : default);
        Assert.Contains($"taken by ticket #{second}", _f.Gateway.Comments(first)[^1], StringComparison.Ordinal);
        Assert.Single(await _f.Gateway.FindTicketsAsync("umd-4", RolloutProgress.StageRollout, default));
    }

    // SPEC §2.1 row 12 is InVerification → Deferred: the repository defers only a row-11 entry. A retry
    // (row 22) into a taken slot is refused, as RolloutWorkflow refuses it, and the ticket keeps its failure.
    [Fact]
    public async Task A_retry_into_a_taken_slot_is_refused_rather_than_Deferred_and_the_ticket_keeps_its_failed_transition()
    {
        var processor = _f.CreateProcessor();
        var ticket = _f.NewTicket(state: RolloutProgress.InVerification);
        _f.Actions.FailWith = c => c.Ticket.Id == ticket ? new RepositoryActionException("the unverified copy is missing.") : null;
        await _f.MoveAsync(ticket, RolloutProgress.StageRollout);
        await processor.DrainAsync(default);
        var other = _f.NewTicket(state: RolloutProgress.InVerification);
        await _f.MoveAsync(other, RolloutProgress.StageRollout);
        await processor.DrainAsync(default);
        _f.Actions.FailWith = null;

        await _f.MoveAsync(ticket, RolloutProgress.StageRollout);
        var retry = await processor.ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Failed, retry!.Outcome);
        Assert.DoesNotContain(retry.Transitions, t => t.To == RolloutProgress.Deferred);
        Assert.Equal(RolloutProgress.Failed, await _f.StateAsync(ticket));
        Assert.Equal((RolloutProgress.InVerification, RolloutProgress.StageRollout), (await _f.FailureAsync(ticket)) is { } f ? (f.From, f.To) : default);
        Assert.Contains($"taken by ticket #{other}", _f.Gateway.Comments(ticket)[^1], StringComparison.Ordinal);
        Assert.Equal(RolloutProgress.StageRollout, await _f.StateAsync(other));
    }

    // SPEC §2.1 rows 21 and 15: a ticket reverted to Deferred waits for the slot like any other, and moves in when it is free.
    [Fact]
    public async Task A_ticket_reverted_to_Deferred_moves_into_a_free_slot()
    {
        var processor = _f.CreateProcessor();
        var holder = _f.NewTicket(state: RolloutProgress.StageRollout);
        var deferred = _f.NewTicket(state: RolloutProgress.Deferred);
        _f.Actions.FailWith = c => c.Ticket.Id == deferred ? new RepositoryActionException("the unverified copy is missing.") : null;
        await _f.MoveAsync(holder, RolloutProgress.Production);
        await processor.DrainAsync(default);
        Assert.Equal(RolloutProgress.Failed, await _f.StateAsync(deferred));
        _f.Actions.FailWith = null;

        await _f.MoveAsync(deferred, RolloutProgress.Deferred);
        var revert = await processor.ProcessNextAsync(default);

        Assert.Equal(RolloutProgress.StageRollout, await _f.StateAsync(deferred));
        Assert.Contains(new PipelineTransition { TicketId = deferred, From = RolloutProgress.Deferred, To = RolloutProgress.StageRollout, Rule = TransitionTable.Row(15) }, revert!.Transitions);
    }
}
