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
    public async Task The_listing_shows_each_request_waiting_leased_or_dead_with_its_attempts()
    {
        var queue = CreateQueue();
        var waiting = await queue.EnqueueAsync(Request(1), default);
        var leased = await queue.EnqueueAsync(Request(2), default);
        var dead = await queue.EnqueueAsync(Request(3), default);
        await queue.EnqueueAsync(Request(4), default);
        var first = await queue.TryTakeAsync(Lease, default);
        await queue.RecordFailureAsync(first!, "ticket system down", TimeSpan.FromMinutes(1), default);
        await queue.TryTakeAsync(Lease, default);
        var third = await queue.TryTakeAsync(Lease, default);
        Assert.True(await queue.DeadLetterAsync(third!, "ticket system down for good", default));

        var listed = (await queue.ListAsync(default)).ToDictionary(r => r.RequestId);

        Assert.Equal(QueuedRequestState.Waiting, listed[waiting].State);
        Assert.Equal(1, listed[waiting].Attempts);
        Assert.Equal(QueuedRequestState.Leased, listed[leased].State);
        Assert.Equal(QueuedRequestState.DeadLetter, listed[dead].State);
        Assert.Equal("ticket system down for good", listed[dead].LastError);
        Assert.Equal(1, listed[dead].Attempts);
        Time.Advance(Lease);
        Assert.Equal(QueuedRequestState.Waiting, (await queue.ListAsync(default)).Single(r => r.RequestId == leased).State);
    }

    [Fact]
    public async Task A_dead_letter_is_never_taken_until_an_operator_retries_it_with_fresh_attempts()
    {
        var queue = CreateQueue();
        var id = await queue.EnqueueAsync(Request(7), default);
        var lease = await queue.TryTakeAsync(Lease, default);
        Assert.True(await queue.DeadLetterAsync(lease!, "ticket system down", default));

        Time.Advance(TimeSpan.FromDays(365));
        Assert.Null(await queue.TryTakeAsync(Lease, default));

        Assert.True(await queue.RetryAsync(id, default));
        var again = await queue.TryTakeAsync(Lease, default);
        Assert.Equal(id, again!.RequestId);
        Assert.Equal(1, again.Attempt);
        Assert.Equal("ticket system down", again.LastError);
    }

    [Fact]
    public async Task An_operator_retry_makes_a_delayed_request_visible_now()
    {
        var queue = CreateQueue();
        var id = await queue.EnqueueAsync(Request(7), default);
        var lease = await queue.TryTakeAsync(Lease, default);
        await queue.RecordFailureAsync(lease!, "ticket system down", TimeSpan.FromHours(1), default);

        Assert.True(await queue.RetryAsync(id, default));

        Assert.NotNull(await queue.TryTakeAsync(Lease, default));
    }

    [Fact]
    public async Task A_request_a_processor_holds_can_be_neither_retried_nor_dropped()
    {
        var queue = CreateQueue();
        var id = await queue.EnqueueAsync(Request(7), default);
        var lease = await queue.TryTakeAsync(Lease, default);

        Assert.False(await queue.RetryAsync(id, default));
        Assert.Null(await queue.DropAsync(id, default));
        Assert.False(await queue.RetryAsync(id + 100, default));
        Assert.Null(await queue.DropAsync(id + 100, default));
        Assert.True(await queue.CompleteAsync(lease!, default));
    }

    [Fact]
    public async Task Dropping_a_dead_letter_removes_it_and_returns_what_it_was()
    {
        var queue = CreateQueue();
        var id = await queue.EnqueueAsync(Request(7), default);
        await queue.EnqueueAsync(Request(8), default);
        var lease = await queue.TryTakeAsync(Lease, default);
        await queue.DeadLetterAsync(lease!, "ticket system down", default);

        var dropped = await queue.DropAsync(id, default);

        Assert.Equal(7, dropped!.Request.TicketId);
        Assert.Equal(QueuedRequestState.DeadLetter, dropped.State);
        Assert.Equal("ticket system down", dropped.LastError);
        Assert.Equal([8], (await queue.ListAsync(default)).Select(r => r.Request.TicketId));
        Assert.False(await queue.DeadLetterAsync(lease!, "again", default));
    }

    [Fact]
    public async Task Finding_a_request_by_its_identifier_gives_what_the_list_shows_until_it_leaves_the_queue()
    {
        var queue = CreateQueue();
        var taken = await queue.EnqueueAsync(Request(7), default);
        var waiting = await queue.EnqueueAsync(Request(8), default);
        var lease = await queue.TryTakeAsync(Lease, default);
        var listed = await queue.ListAsync(default);

        Assert.Equal(listed[0], await queue.FindAsync(taken, default));
        Assert.Equal(QueuedRequestState.Leased, (await queue.FindAsync(taken, default))!.State);
        Assert.Equal(listed[1], await queue.FindAsync(waiting, default));
        Assert.Null(await queue.FindAsync(0, default));
        Assert.Null(await queue.FindAsync(waiting + 1, default));

        Assert.True(await queue.CompleteAsync(lease!, default));
        Assert.Null(await queue.FindAsync(taken, default));
        Assert.Equal(8, (await queue.FindAsync(waiting, default))!.Request.TicketId);
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
