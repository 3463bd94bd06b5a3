using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SwRel.Domain.Workflow;

/// <summary>Registers the rollout workflow with a dependency-injection container.</summary>
public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="WorkflowOptions"/> (validated at start), <see cref="RolloutWorkflow"/> as a
    /// singleton, <see cref="TimeProvider.System"/> and an <see cref="InMemoryStageRolloutSlots"/>
    /// unless the container already has a <see cref="TimeProvider"/> or an <see cref="IStageRolloutSlots"/>.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configure">Changes to the default options, or null.</param>
    /// <returns>The options builder, to chain more configuration.</returns>
    /// <remarks>Register your own <see cref="IStageRolloutSlots"/> (answered from your ticket database) when more than one process moves tickets.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static OptionsBuilder<WorkflowOptions> AddSwRelWorkflow(this IServiceCollection services, Action<WorkflowOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<WorkflowOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkflowOptions>, WorkflowOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IStageRolloutSlots, InMemoryStageRolloutSlots>();
        services.TryAddSingleton(provider => new RolloutWorkflow(
            provider.GetRequiredService<IOptions<WorkflowOptions>>(),
            provider.GetRequiredService<IStageRolloutSlots>(),
            provider.GetRequiredService<TimeProvider>()));
        return builder;
    }
}
