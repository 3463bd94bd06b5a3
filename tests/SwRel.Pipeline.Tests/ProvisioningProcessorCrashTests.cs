using SwRel.Domain.History;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Repository.Execution;

namespace SwRel.Pipeline.Tests;

// SPEC §12.1: after a crash "every accepted request is processed exactly once in effect". The processor writes a comment
// and then changes the ticket in a second call; a crash between the two makes the request run again, and the ticket must
// still show one comment, one history entry and one repository change.
public sealed class ProvisioningProcessorCrashTests
{
    private readonly PipelineFixture _f;

    public ProvisioningProcessorCrashTests()
    {
        var time = new ManualTimeProvider();
        _f = new PipelineFixture(new InMemoryRequestQueue(time), time);
    }

    [Fact]
    public async Task A_crash_between_the_failure_comment_and_setting_Failed_leaves_one_comment_and_one_Failed_entry_after_the_retry()
    {
        var ticket = _f.NewTicket();
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        _f.Actions.FailWith = _ => new RepositoryActionException("checksum mismatch for a.rpm.");
        var crashing = new FlakyGateway(_f.Gateway) { CrashAfterComments = 1 };

        var crashed = await _f.CreateProcessor(gateway: crashing).ProcessNextAsync(default);
        Assert.Equal(ProcessingOutcome.Retrying, crashed!.Outcome);
        Assert.Equal(RolloutProgress.Unverified, await _f.StateAsync(ticket));
        Assert.Single(_f.Gateway.Comments(ticket));

        _f.Time.Advance(_f.Options.RetryDelay);
        var retried = await _f.CreateProcessor(gateway: crashing).ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Failed, retried!.Outcome);
        Assert.Contains("checksum mismatch for a.rpm.", Assert.Single(_f.Gateway.Comments(ticket)), StringComparison.Ordinal);
        Assert.Equal(RolloutProgress.Failed, Assert.Single(_f.Gateway.Changes, c => c.TicketId == ticket && c.ByRepository).To);
        Assert.Single(History(ticket).Entries, e => e.State == RolloutProgress.Failed);
        Assert.Empty(await _f.Queue.ListAsync(default));
    }

    [Fact]
    public async Task A_crash_between_the_deferral_comment_and_setting_Deferred_leaves_one_comment_and_one_Deferred_entry_after_the_retry()
    {
        var holder = _f.NewTicket(state: RolloutProgress.InVerification);
        var waiting = _f.NewTicket(state: RolloutProgress.InVerification);
        await _f.MoveAsync(holder, RolloutProgress.StageRollout);
        await _f.CreateProcessor().DrainAsync(default);
        await _f.MoveAsync(waiting, RolloutProgress.StageRollout);
        var crashing = new FlakyGateway(_f.Gateway) { CrashAfterComments = 1 };

        Assert.Equal(ProcessingOutcome.Retrying, (await _f.CreateProcessor(gateway: crashing).ProcessNextAsync(default))!.Outcome);
        Assert.Equal(RolloutProgress.StageRollout, await _f.StateAsync(waiting));
        _f.Time.Advance(_f.Options.RetryDelay);
        var retried = await _f.CreateProcessor(gateway: crashing).ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Deferred, retried!.Outcome);
        Assert.Contains($"taken by ticket #{holder}", Assert.Single(_f.Gateway.Comments(waiting)), StringComparison.Ordinal);
        Assert.Single(History(waiting).Entries, e => e.State == RolloutProgress.Deferred);
        Assert.Empty(await _f.Queue.ListAsync(default));
    }

    [Fact]
    public async Task A_crash_after_the_repository_comment_leaves_one_comment_and_the_same_RepositoryURL_after_the_retry()
    {
        var ticket = _f.NewTicket();
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        var crashing = new FlakyGateway(_f.Gateway) { CrashAfterComments = 1 };

        Assert.Equal(ProcessingOutcome.Retrying, (await _f.CreateProcessor(gateway: crashing).ProcessNextAsync(default))!.Outcome);
        _f.Time.Advance(_f.Options.RetryDelay);
        var retried = await _f.CreateProcessor(gateway: crashing).ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Succeeded, retried!.Outcome);
        var area = FakeRepositoryActions.AreaOf(ticket, RolloutProgress.Unverified).Value;
        Assert.Contains(area, Assert.Single(_f.Gateway.Comments(ticket)), StringComparison.Ordinal);
        Assert.Equal(area, (await _f.Gateway.GetTicketAsync(ticket, default))!.RepositoryUrl);
        Assert.DoesNotContain(_f.Gateway.Changes, c => c.TicketId == ticket && c.ByRepository);
        Assert.Empty(await _f.Queue.ListAsync(default));
    }

    // SPEC §2.1 row 15: when the slot frees, the oldest Deferred ticket moves into StageRollout with a comment.
    [Fact]
    public async Task A_crash_between_the_comment_and_the_move_of_a_Deferred_ticket_leaves_one_comment_and_one_StageRollout_entry()
    {
        var (holder, waiting) = await HolderAndDeferredAsync();
        await _f.MoveAsync(holder, RolloutProgress.Production);
        var crashing = new FlakyGateway(_f.Gateway) { CrashAfterComments = 1, CrashTicket = waiting };

        Assert.Equal(ProcessingOutcome.Retrying, (await _f.CreateProcessor(gateway: crashing).ProcessNextAsync(default))!.Outcome);
        Assert.Equal(RolloutProgress.Deferred, await _f.StateAsync(waiting));
        _f.Time.Advance(_f.Options.RetryDelay);
        await _f.CreateProcessor(gateway: crashing).DrainAsync(default);

        Assert.Equal(RolloutProgress.StageRollout, await _f.StateAsync(waiting));
        Assert.Single(_f.Gateway.Comments(waiting), c => c.Contains("moved from Deferred into StageRollout", StringComparison.Ordinal));
        Assert.Single(History(waiting).Entries, e => e.State == RolloutProgress.StageRollout && e.Actor == "Repo");
        Assert.Single(_f.Gateway.Comments(holder), c => c.Contains("-> Production", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_crash_right_after_a_Deferred_ticket_moved_into_StageRollout_still_leaves_its_comment()
    {
        var (holder, waiting) = await HolderAndDeferredAsync();
        await _f.MoveAsync(holder, RolloutProgress.Production);
        var crashing = new FlakyGateway(_f.Gateway) { CrashAfterSetTo = RolloutProgress.StageRollout };

        Assert.Equal(ProcessingOutcome.Retrying, (await _f.CreateProcessor(gateway: crashing).ProcessNextAsync(default))!.Outcome);
        _f.Time.Advance(_f.Options.RetryDelay);
        await _f.CreateProcessor(gateway: crashing).DrainAsync(default);

        Assert.Equal(RolloutProgress.StageRollout, await _f.StateAsync(waiting));
        Assert.Single(_f.Gateway.Comments(waiting), c => c.Contains("moved from Deferred into StageRollout", StringComparison.Ordinal));
        Assert.Single(History(waiting).Entries, e => e.State == RolloutProgress.StageRollout && e.Actor == "Repo");
    }

    [Fact]
    public async Task Two_requests_for_the_same_transition_each_get_their_own_comment()
    {
        // The key names the queued request, not the text: a later request that fails the same way is commented on again.
        var ticket = _f.NewTicket();
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        _f.Actions.FailWith = _ => new RepositoryActionException("checksum mismatch for a.rpm.");
        await _f.CreateProcessor().DrainAsync(default);
        _f.Gateway.Move(ticket, RolloutProgress.Unverified);
        await _f.Queue.EnqueueAsync(new ProvisioningRequest(ticket, RolloutProgress.Failed, RolloutProgress.Unverified, false), default);
        await _f.CreateProcessor().DrainAsync(default);

        Assert.Equal(2, _f.Gateway.Comments(ticket).Count);
    }

    [Fact]
    public async Task A_move_posted_again_after_it_was_carried_out_is_carried_out_again_without_a_second_comment()
    {
        var ticket = _f.NewTicket();
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        await _f.CreateProcessor().DrainAsync(default);
        _f.Time.Advance(TimeSpan.FromMinutes(1));
        await _f.Queue.EnqueueAsync(new ProvisioningRequest(ticket, RolloutProgress.Submitted, RolloutProgress.Unverified, false), default);

        var again = await _f.CreateProcessor().ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Succeeded, again!.Outcome);
        Assert.Equal(2, _f.Actions.Runs.Count(r => r.Ticket == ticket));
        Assert.Single(_f.Gateway.Comments(ticket));
    }

    [Fact]
    public async Task Each_entry_into_a_state_gets_its_own_comment_on_what_the_repository_carried_out()
    {
        var ticket = _f.NewTicket();
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        await _f.CreateProcessor().DrainAsync(default);

        // A failure recorded later (set here by hand) and the provider's retry of the intake bring it back into Unverified.
        _f.Time.Advance(TimeSpan.FromMinutes(1));
        var failure = new FailedTransition(RolloutProgress.Submitted, RolloutProgress.Unverified, "the mirror lost the release.");
        Assert.True(await _f.Gateway.TrySetRolloutProgressAsync(ticket, RolloutProgress.Unverified, RolloutProgress.Failed, failure, default));
        _f.Time.Advance(TimeSpan.FromMinutes(1));
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        await _f.CreateProcessor().DrainAsync(default);

        Assert.Equal(2, _f.Actions.Runs.Count);
        Assert.Equal(2, _f.Gateway.Comments(ticket).Count(c => c.Contains("carried out", StringComparison.Ordinal)));
    }

    // One ticket holds the stage-rollout slot of umd-4 and another waits Deferred behind it.
    private async Task<(int Holder, int Waiting)> HolderAndDeferredAsync()
    {
        var holder = _f.NewTicket(state: RolloutProgress.InVerification);
        var waiting = _f.NewTicket(state: RolloutProgress.InVerification);
        await _f.MoveAsync(holder, RolloutProgress.StageRollout);
        await _f.CreateProcessor().DrainAsync(default);
        await _f.MoveAsync(waiting, RolloutProgress.StageRollout);
        await _f.CreateProcessor().DrainAsync(default);
        Assert.Equal(RolloutProgress.Deferred, await _f.StateAsync(waiting));
        Assert.Single(_f.Gateway.Comments(waiting));
        return (holder, waiting);
    }

    private StateHistory History(int ticket) => StateHistory.Parse(_f.Gateway.Fields(ticket)[TicketField.StateHistory.ToName()]);
}
