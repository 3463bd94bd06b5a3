using System.Collections.Concurrent;
using SwRel.Pipeline;
using SwRel.Repository.Planning;

namespace SwRel.Cli.Demo;

/// <summary>The daemon's repository actions, unchanged, with each plan they carry out handed to <see cref="DemoPlans"/>.</summary>
internal sealed class DemoRecordingActions(IRepositoryActions inner, ConcurrentQueue<RepositoryPlan> carriedOut) : IRepositoryActions
{
    public async ValueTask<RepositoryActionResult> RunAsync(RepositoryActionContext context, CancellationToken cancellationToken)
    {
        var result = await inner.RunAsync(context, cancellationToken).ConfigureAwait(false);
        carriedOut.Enqueue(result.Plan);
        return result;
    }
}
