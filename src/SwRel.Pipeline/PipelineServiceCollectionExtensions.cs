using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SwRel.Domain.Workflow;
using SwRel.Metadata.Checksums;
using SwRel.Repository.Layout;
using SwRel.Repository.Planning;
using SwRel.Repository.Transports;

namespace SwRel.Pipeline;

/// <summary>Registers the provisioning pipeline (the Repo daemon) with a service collection.</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ProvisioningOptions"/> (validated at start), the workflow and layout options
    /// with their defaults, the transports, the <see cref="RepositoryActions"/>, an
    /// <see cref="InMemoryRequestQueue"/> unless an <see cref="IRequestQueue"/> is already
    /// registered, an <see cref="InMemoryReleaseCatalogue"/> unless an <see cref="IReleaseCatalogue"/> is
    /// already registered (the repository work records every release it moves there), and a singleton
    /// <see cref="ProvisioningProcessor"/>, with the <see cref="ITicketChangeHooks"/> when one is registered.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; at least <see cref="ProvisioningOptions.RepositoryRoot"/>.</param>
    /// <returns>The options builder, to bind configuration or add validation.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <remarks>
    /// The embedder registers its <see cref="ITicketGateway"/> (the port to its ticket system);
    /// resolving the processor without one fails. Register a durable queue (for example with
    /// <c>AddSwRelSqliteRequestQueue</c> from SwRel.Pipeline.Sqlite) before or after this call:
    /// the in-memory queue is only the fallback. Services already registered (a
    /// <see cref="TimeProvider"/>, a <see cref="TransportFactory"/>, an <see cref="IRepositoryActions"/>…)
    /// are kept.
    /// </remarks>
    public static OptionsBuilder<ProvisioningOptions> AddSwRelPipeline(this IServiceCollection services, Action<ProvisioningOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddOptions<ProvisioningOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProvisioningOptions>, ProvisioningOptionsValidator>());
        services.AddSwRelWorkflow();
        services.AddSwRelRepositoryLayout();
        services.AddOptions<TransportOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TransportOptions>, TransportOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRequestQueue>(provider => new InMemoryRequestQueue(provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IReleaseCatalogue, InMemoryReleaseCatalogue>();
        services.TryAddSingleton(_ => new PipelineHttpClient());
        services.TryAddSingleton(provider => new TransportFactory(
            provider.GetRequiredService<IOptions<TransportOptions>>().Value,
            provider.GetRequiredService<PipelineHttpClient>().Client));
        services.TryAddSingleton(provider => new ChecksumVerifier(timeProvider: provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IRepositoryActions>(provider => new RepositoryActions(
            provider.GetRequiredService<IOptions<ProvisioningOptions>>(),
            provider.GetRequiredService<RepositoryPlanner>(),
            provider.GetRequiredService<TransportFactory>(),
            provider.GetRequiredService<ChecksumVerifier>(),
            provider.GetRequiredService<IReleaseCatalogue>(),
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(provider => new ProvisioningProcessor(
            provider.GetRequiredService<IRequestQueue>(),
            provider.GetRequiredService<ITicketGateway>(),
            provider.GetRequiredService<IRepositoryActions>(),
            provider.GetRequiredService<IOptions<ProvisioningOptions>>(),
            provider.GetRequiredService<IOptions<WorkflowOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ITicketChangeHooks>()));
        return builder;
    }
}
