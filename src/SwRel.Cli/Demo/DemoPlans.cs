using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SwRel.Pipeline;
using SwRel.Repository.Planning;

namespace SwRel.Cli.Demo;

/// <summary>
/// Sees the plans the daemon's repository actions carry out, so that the demo can print what the repository did:
/// the daemon's API reports each outcome in words but not its plan. The actions themselves are the daemon's own.
/// </summary>
internal sealed class DemoPlans
{
    private readonly ConcurrentQueue<RepositoryPlan> _carriedOut = new();

    /// <summary>Wraps the <see cref="IRepositoryActions"/> that the pipeline registered, keeping how it is made.</summary>
    public void Observe(IServiceCollection services)
    {
        var registered = services.LastOrDefault(s => s.ServiceType == typeof(IRepositoryActions))
            ?? throw new InvalidOperationException("The daemon has no repository actions to observe.");
        services.Remove(registered);
        services.AddSingleton<IRepositoryActions>(provider => new DemoRecordingActions(
            registered.ImplementationInstance as IRepositoryActions
                ?? registered.ImplementationFactory?.Invoke(provider) as IRepositoryActions
                ?? throw new InvalidOperationException("The daemon's repository actions are not made by a factory or an instance."),
            _carriedOut));
    }

    /// <summary>Returns the plans carried out since the last call, oldest first.</summary>
    public List<RepositoryPlan> Take()
    {
        var plans = new List<RepositoryPlan>();
        while (_carriedOut.TryDequeue(out var plan))
        {
            plans.Add(plan);
        }

        return plans;
    }
}
