using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Repository.Execution;

namespace SwRel.Pipeline.Tests;

public sealed class ProvisioningProcessorDeadLetterTests
{
    private readonly PipelineFixture _f;

    public ProvisioningProcessorDeadLetterTests()
    {
        var time = new ManualTimeProvider();
        _f = new PipelineFixture(new InMemoryRequestQueue(time), time);
        _f.Options.RetryDelay = TimeSpan.FromMinutes(1);
        _f.Options.MaxRetryDelay = TimeSpan.FromMinutes(5);
        _f.Options.MaxAttempts = 5;
    }

    // While the ticket system cannot be reached the request is retried with an exponential, capped backoff.
    [Fact]
    public async Task Each_retry_waits_twice_as_long_as_the_one_before_up_to_the_cap()
    {
        var ticket = _f.NewTicket();
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        _f.Actions.FailWith = _ => new RepositoryActionException("checksum mismatch for a.rpm.");
        var down = new FlakyGateway(_f.Gateway) { Down = true };
        var waits = new List<TimeSpan>();

        for (var attempt = 1; attempt < _f.Options.MaxAttempts; attempt++)
        {
            var before = _f.Time.GetUtcNow();
            var report = await _f.CreateProcessor(gateway: down).ProcessNextAsync(default);
            Assert.Equal(ProcessingOutcome.Retrying, report!.Outcome);
            var queued = Assert.Single(await _f.Queue.ListAsync(default));
            Assert.Equal(QueuedRequestState.Waiting, queued.State);
            waits.Add(queued.VisibleAtUtc - before);
            _f.Time.Advance(queued.VisibleAtUtc - before);
        }

        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5)], waits);
    }

    // After the configured number of tries the request waits as a dead letter until an operator retries or drops it.
    [Fact]
    public async Task After_the_last_allowed_attempt_the_request_waits_as_a_dead_letter_until_an_operator_retries_it()
    {
        var ticket = _f.NewTicket();
        var id = await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        _f.Actions.FailWith = _ => new RepositoryActionException("checksum mismatch for a.rpm.");
        var down = new FlakyGateway(_f.Gateway) { Down = true };
        ProcessingReport? last = null;
        for (var attempt = 1; attempt <= _f.Options.MaxAttempts; attempt++)
        {
            last = await _f.CreateProcessor(gateway: down).ProcessNextAsync(default);
            _f.Time.Advance(_f.Options.MaxRetryDelay);
        }

        var dead = Assert.Single(await _f.Queue.ListAsync(default));
        Assert.Equal(QueuedRequestState.DeadLetter, dead.State);
        Assert.Equal(5, dead.Attempts);
        Assert.Contains("after 5 attempts", last!.Message, StringComparison.Ordinal);
        Assert.Contains($"swrel queue retry {id}", dead.LastError, StringComparison.Ordinal);
        Assert.Contains("ticket system is down", dead.LastError, StringComparison.Ordinal);
        _f.Time.Advance(TimeSpan.FromDays(30));
        Assert.Null(await _f.CreateProcessor(gateway: down).ProcessNextAsync(default));

        down.Down = false;
        Assert.True(await _f.Queue.RetryAsync(id, default));
        var retried = await _f.CreateProcessor(gateway: down).ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Failed, retried!.Outcome);
        Assert.Equal(RolloutProgress.Failed, await _f.StateAsync(ticket));
        Assert.Empty(await _f.Queue.ListAsync(default));
    }
}
