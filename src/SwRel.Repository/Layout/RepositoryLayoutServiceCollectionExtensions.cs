using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Layout;

/// <summary>Registers the repository layout and the planner with a service collection.</summary>
public static class RepositoryLayoutServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="RepositoryLayoutOptions"/> (validated at start by <see cref="RepositoryLayoutOptionsValidator"/>),
    /// a singleton <see cref="RepositoryLayout"/> and a singleton <see cref="RepositoryPlanner"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options, or <see langword="null"/> for the defaults (the EgiRepository preset).</param>
    /// <returns>The options builder, to bind configuration or add further validation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <remarks>Calling it twice adds a second configuration step; the services are registered once.</remarks>
    public static OptionsBuilder<RepositoryLayoutOptions> AddSwRelRepositoryLayout(
        this IServiceCollection services, Action<RepositoryLayoutOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<RepositoryLayoutOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RepositoryLayoutOptions>, RepositoryLayoutOptionsValidator>());
        services.TryAddSingleton(sp => new RepositoryLayout(sp.GetRequiredService<IOptions<RepositoryLayoutOptions>>()));
        services.TryAddSingleton(sp => new RepositoryPlanner(sp.GetRequiredService<RepositoryLayout>()));
        return builder;
    }
}
