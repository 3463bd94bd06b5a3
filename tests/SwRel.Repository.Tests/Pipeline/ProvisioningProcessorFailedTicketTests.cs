using SwRel.Domain.Workflow;
using SwRel.Repository.Pipeline;

namespace SwRel.Repository.Tests.Pipeline;

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
        Assert.Equal(new FailedTransition(RolloutProgress.StageRollout, RolloutProgress.Production, "merge conflict in updates."), read!.FailedTransition);
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
        Assert.Equal((RolloutProgress.StageRollout, RolloutProgress.Production), (read.FailedTransition!.From, read.FailedTransition.To));
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
}
