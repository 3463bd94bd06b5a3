using SwRel.Domain.Workflow;
using SwRel.Pipeline;

namespace SwRel.Pipeline.Tests;

/// <summary>The behaviour every <see cref="IRequestQueue"/> owes the processors (SPEC §12), run against each implementation.</summary>
public abstract class RequestQueueContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private protected ManualTimeProvider Time { get; } = new();

    private protected abstract IRequestQueue CreateQueue();

    private static ProvisioningRequest Request(int ticket) =>
        new(ticket, RolloutProgress.Submitted, RolloutProgress.Unverified, Emergency: false);

    [Fact]
    public async Task Requests_are_taken_in_enqueue_order()
    {
        var queue = CreateQueue();
        await queue.EnqueueAsync(Request(1), default);
        await queue.EnqueueAsync(Request(2), default);

        var first = await queue.TryTakeAsync(Lease, default);
        var second = await queue.TryTakeAsync(Lease, default);

        Assert.Equal(1, first!.Request.TicketId);
        Assert.Equal(2, second!.Request.TicketId);
        Assert.Null(await queue.TryTakeAsync(Lease, default));
    }

    [Fact]
    public async Task A_request_round_trips_every_field()
    {
        var queue = CreateQueue();
        var request = new ProvisioningRequest(42, RolloutProgress.Unverified, RolloutProgress.StageRollout, Emergency: true);
        var id = await queue.EnqueueAsync(request, default);

        var lease = await queue.TryTakeAsync(Lease, default);

        Assert.Equal(id, lease!.RequestId);
        Assert.Equal(request, lease.Request);
        Assert.Equal(1, lease.Attempt);
        Assert.Equal(Time.GetUtcNow(), lease.EnqueuedAtUtc);
        Assert.Equal(Time.GetUtcNow() + Lease, lease.ExpiresAtUtc);
    }

    [Fact]
    public async Task A_taken_request_is_invisible_to_others_until_its_lease_expires()
    {
        var queue = CreateQueue();
        await queue.EnqueueAsync(Request(7), default);
        var first = await queue.TryTakeAsync(Lease, default);

        Time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Null(await queue.TryTakeAsync(Lease, default));

        Time.Advance(TimeSpan.FromSeconds(1));
        var again = await queue.TryTakeAsync(Lease, default);

        Assert.NotNull(again);
        Assert.Equal(first!.RequestId, again.RequestId);
        Assert.Equal(2, again.Attempt);
        Assert.NotEqual(first.Token, again.Token);
    }

    [Fact]
    public async Task A_completed_request_leaves_the_queue()
    {
        var queue = CreateQueue();
        await queue.EnqueueAsync(Request(7), default);
        var lease = await queue.TryTakeAsync(Lease, default);

        Assert.True(await queue.CompleteAsync(lease!, default));

        Assert.Empty(await queue.ListAsync(default));
        Time.Advance(Lease * 2);
        Assert.Null(await queue.TryTakeAsync(Lease, default));
    }

    [Fact]
    public async Task A_lost_lease_cannot_complete_the_request_another_processor_holds()
    {
        var queue = CreateQueue();
        await queue.EnqueueAsync(Request(7), default);
        var crashed = await queue.TryTakeAsync(Lease, default);
        Time.Advance(Lease);
        var current = await queue.TryTakeAsync(Lease, default);

        Assert.False(await queue.CompleteAsync(crashed!, default));
        Assert.False(await queue.RecordFailureAsync(crashed!, "late", TimeSpan.Zero, default));
        Assert.Null(await queue.RenewAsync(crashed!, Lease, default));
        Assert.Single(await queue.ListAsync(default));
        Assert.True(await queue.CompleteAsync(current!, default));
    }

    [Fact]
    public async Task A_recorded_failure_keeps_the_request_with_its_error_until_the_retry_delay_passed()
    {
        var queue = CreateQueue();
        await queue.EnqueueAsync(Request(7), default);
        var lease = await queue.TryTakeAsync(Lease, default);

        Assert.True(await queue.RecordFailureAsync(lease!, "ticket system down", TimeSpan.FromMinutes(1), default));

        var listed = Assert.Single(await queue.ListAsync(default));
        Assert.Equal("ticket system down", listed.LastError);
        Assert.Null(await queue.TryTakeAsync(Lease, default));
        Time.Advance(TimeSpan.FromMinutes(1));
        var retry = await queue.TryTakeAsync(Lease, default);
        Assert.Equal(2, retry!.Attempt);
        Assert.Equal("ticket system down", retry.LastError);
    }

    [Fact]
    public async Task Renewing_a_held_lease_pushes_its_expiry()
    {
        var queue = CreateQueue();
        await queue.EnqueueAsync(Request(7), default);
        var lease = await queue.TryTakeAsync(Lease, default);
        Time.Advance(Lease - TimeSpan.FromSeconds(1));

        var renewed = await queue.RenewAsync(lease!, Lease, default);
        Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(Time.GetUtcNow() - TimeSpan.FromSeconds(2) + Lease, renewed!.ExpiresAtUtc);
        Assert.Null(await queue.TryTakeAsync(Lease, default));
        Assert.True(await queue.CompleteAsync(renewed, default));
    }

    [Fact]
    public async Task A_lock_is_exclusive_until_released_or_expired()
    {
        var queue = CreateQueue();
        var held = await queue.TryAcquireLockAsync("stage-rollout/umd-4", Lease, default);

        Assert.NotNull(held);
        Assert.Null(await queue.TryAcquireLockAsync("stage-rollout/umd-4", Lease, default));
        Assert.NotNull(await queue.TryAcquireLockAsync("stage-rollout/umd-5", Lease, default));

        await queue.ReleaseLockAsync(held, default);
        var next = await queue.TryAcquireLockAsync("stage-rollout/umd-4", Lease, default);
        Assert.NotNull(next);

        Time.Advance(Lease);
        var afterExpiry = await queue.TryAcquireLockAsync("stage-rollout/umd-4", Lease, default);
        Assert.NotNull(afterExpiry);

        await queue.ReleaseLockAsync(next, default);
        Assert.Null(await queue.TryAcquireLockAsync("stage-rollout/umd-4", Lease, default));
    }

    [Fact]
    public async Task Concurrent_takers_never_hold_one_request_at_once()
    {
        var queue = CreateQueue();
        const int count = 200;
        for (var i = 1; i <= count; i++)
        {
            await queue.EnqueueAsync(Request(i), default);
        }

        var taken = new System.Collections.Concurrent.ConcurrentBag<long>();
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (await queue.TryTakeAsync(Lease, default) is { } lease)
            {
                taken.Add(lease.RequestId);
                Assert.True(await queue.CompleteAsync(lease, default));
            }
        }));
        await Task.WhenAll(workers);

        Assert.Equal(count, taken.Count);
        Assert.Equal(count, taken.Distinct().Count());
        Assert.Empty(await queue.ListAsync(default));
    }

    [Fact]
    public async Task Bad_arguments_are_refused()
    {
        var queue = CreateQueue();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await queue.TryTakeAsync(TimeSpan.Zero, default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await queue.TryAcquireLockAsync("x", TimeSpan.FromSeconds(-1), default));
        await Assert.ThrowsAsync<ArgumentException>(async () => await queue.TryAcquireLockAsync("", Lease, default));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await queue.EnqueueAsync(null!, default));
    }
}
