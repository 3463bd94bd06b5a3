using System.Collections.Concurrent;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Repository.Planning;

namespace SwRel.Pipeline.Tests;

/// <summary>Repository work that only records what it was asked to do, and fails on demand.</summary>
internal sealed class FakeRepositoryActions : IRepositoryActions
{
    private readonly ConcurrentDictionary<int, int> _inFlight = new();
    private int _overlaps;
    private readonly ConcurrentQueue<(int Ticket, RolloutProgress From, RolloutProgress To)> _runs = new();

    /// <summary>Gets or sets a hook run inside each action; it may throw to fail the action.</summary>
    public Func<RepositoryActionContext, Exception?>? FailWith { get; set; }

    /// <summary>Gets or sets a hook run after the work, before returning (a crash point).</summary>
    public Action<RepositoryActionContext>? AfterWork { get; set; }

    /// <summary>Gets or sets whether each action waits a moment, so that concurrent processors interleave.</summary>
    public bool Slow { get; set; }

    /// <summary>Gets how many times two actions ran at once on one ticket.</summary>
    public int OverlapCount => Volatile.Read(ref _overlaps);

    public IReadOnlyList<(int Ticket, RolloutProgress From, RolloutProgress To)> Runs => [.. _runs];

    public static RepositoryPath AreaOf(int ticket, RolloutProgress to) =>
        RepositoryPath.Parse($"sw/{to.ToName().ToLowerInvariant()}/ticket-{ticket}");

    public async ValueTask<RepositoryActionResult> RunAsync(RepositoryActionContext context, CancellationToken cancellationToken)
    {
        var id = context.Ticket.Id;
        if (_inFlight.AddOrUpdate(id, 1, (_, n) => n + 1) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        try
        {
            if (Slow)
            {
                await Task.Delay(1, cancellationToken);
            }
            else
            {
                await Task.Yield();
            }
            cancellationToken.ThrowIfCancellationRequested();
            _runs.Enqueue((id, context.From, context.To));
            if (FailWith?.Invoke(context) is { } failure)
            {
                throw failure;
            }

            var target = context.To is RolloutProgress.Rejected or RolloutProgress.Ignored or RolloutProgress.NotPublished
                ? (RepositoryPath?)null
                : AreaOf(id, context.To);
            var plan = new RepositoryPlan(context.From, context.To, target, target is { } t ? [new RemoveStep(t)] : []);
            AfterWork?.Invoke(context);
            return new RepositoryActionResult { Plan = plan, RepositoryUrl = target };
        }
        finally
        {
            _inFlight.AddOrUpdate(id, 0, (_, n) => n - 1);
        }
    }
}
