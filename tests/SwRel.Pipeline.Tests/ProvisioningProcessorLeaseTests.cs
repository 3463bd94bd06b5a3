using SwRel.Domain.Workflow;
using SwRel.Pipeline;

namespace SwRel.Pipeline.Tests;

public sealed class ProvisioningProcessorLeaseTests
{
    private readonly PipelineFixture _f;

    public ProvisioningProcessorLeaseTests()
    {
        var time = new ManualTimeProvider();
        _f = new PipelineFixture(new InMemoryRequestQueue(time), time);
    }

    [Fact]
    public async Task A_busy_repository_gives_the_request_back_without_failing_the_ticket()
    {
        var ticket = _f.NewTicket();
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        _f.Actions.FailWith = _ => new RepositoryBusyException("Repository root is locked by another run.");

        var report = await _f.CreateProcessor().ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Retrying, report!.Outcome);
        Assert.Equal(RolloutProgress.Unverified, await _f.StateAsync(ticket));
        Assert.Empty(_f.Gateway.Comments(ticket));
        Assert.Contains("locked", Assert.Single(await _f.Queue.ListAsync(default)).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_processor_that_loses_its_lease_stops_without_recording_anything()
    {
        var ticket = _f.NewTicket();
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        _f.Options.LeaseDuration = TimeSpan.FromMilliseconds(60);
        var forgetful = new ForgetfulQueue(_f.Queue);
        var processor = new ProvisioningProcessor(
            forgetful, _f.Gateway, new BlockingActions(), Microsoft.Extensions.Options.Options.Create(_f.Options), Microsoft.Extensions.Options.Options.Create(_f.Workflow), _f.Time);

        var report = await processor.ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Retrying, report!.Outcome);
        Assert.Contains("lease was lost", report.Message, StringComparison.Ordinal);
        Assert.Equal(RolloutProgress.Unverified, await _f.StateAsync(ticket));
        Assert.Empty(_f.Gateway.Comments(ticket));
        Assert.Single(await _f.Queue.ListAsync(default));
    }

    [Fact]
    public async Task A_long_run_keeps_renewing_its_lease()
    {
        var ticket = _f.NewTicket();
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        _f.Options.LeaseDuration = TimeSpan.FromMilliseconds(60);
        var counting = new ForgetfulQueue(_f.Queue) { Forget = false };
        var actions = new BlockingActions { Until = () => counting.Renewals >= 2 };
        var processor = new ProvisioningProcessor(
            counting, _f.Gateway, actions, Microsoft.Extensions.Options.Options.Create(_f.Options), Microsoft.Extensions.Options.Options.Create(_f.Workflow), _f.Time);

        var report = await processor.ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Succeeded, report!.Outcome);
        Assert.True(counting.Renewals >= 2);
        Assert.Empty(await _f.Queue.ListAsync(default));
    }

    /// <summary>Work that waits until told, or until cancelled.</summary>
    private sealed class BlockingActions : IRepositoryActions
    {
        public Func<bool>? Until { get; init; }

        public async ValueTask<RepositoryActionResult> RunAsync(RepositoryActionContext context, CancellationToken cancellationToken)
        {
            while (Until is null || !Until())
            {
                await Task.Delay(5, cancellationToken);
            }

            return new RepositoryActionResult { Plan = new SwRel.Repository.Planning.RepositoryPlan(context.From, context.To, null, []), RepositoryUrl = null };
        }
    }

    /// <summary>A queue that counts renewals and, when asked, reports every lease as lost.</summary>
    private sealed class ForgetfulQueue(IRequestQueue inner) : IRequestQueue
    {
        private int _renewals;

        public bool Forget { get; init; } = true;

        public int Renewals => Volatile.Read(ref _renewals);

        public ValueTask<long> EnqueueAsync(ProvisioningRequest request, CancellationToken cancellationToken) => inner.EnqueueAsync(request, cancellationToken);

        public ValueTask<RequestLease?> TryTakeAsync(TimeSpan leaseDuration, CancellationToken cancellationToken) => inner.TryTakeAsync(leaseDuration, cancellationToken);

        public ValueTask<RequestLease?> RenewAsync(RequestLease lease, TimeSpan leaseDuration, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _renewals);
            return Forget ? ValueTask.FromResult<RequestLease?>(null) : inner.RenewAsync(lease, leaseDuration, cancellationToken);
        }

        public ValueTask<bool> CompleteAsync(RequestLease lease, CancellationToken cancellationToken) => inner.CompleteAsync(lease, cancellationToken);

        public ValueTask<bool> RecordFailureAsync(RequestLease lease, string error, TimeSpan retryDelay, CancellationToken cancellationToken) =>
            inner.RecordFailureAsync(lease, error, retryDelay, cancellationToken);

        public ValueTask<bool> DeadLetterAsync(RequestLease lease, string error, CancellationToken cancellationToken) =>
            inner.DeadLetterAsync(lease, error, cancellationToken);

        public ValueTask<bool> RetryAsync(long requestId, CancellationToken cancellationToken) => inner.RetryAsync(requestId, cancellationToken);

        public ValueTask<QueuedRequest?> DropAsync(long requestId, CancellationToken cancellationToken) => inner.DropAsync(requestId, cancellationToken);

        public ValueTask<IReadOnlyList<QueuedRequest>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public ValueTask<QueueLock?> TryAcquireLockAsync(string name, TimeSpan duration, CancellationToken cancellationToken) =>
            inner.TryAcquireLockAsync(name, duration, cancellationToken);

        public ValueTask ReleaseLockAsync(QueueLock queueLock, CancellationToken cancellationToken) => inner.ReleaseLockAsync(queueLock, cancellationToken);
    }
}
