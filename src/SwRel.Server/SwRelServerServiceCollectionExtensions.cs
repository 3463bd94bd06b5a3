using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SwRel.Pipeline;
using SwRel.Server.Processing;
using SwRel.Server.Requests;
using SwRel.Server.Security;
using SwRel.Server.Status;
using SwRel.Server.Telemetry;

namespace SwRel.Server;

/// <summary>Registers the Repo daemon's HTTP side and its processor with a service collection.</summary>
public static class SwRelServerServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="SwRelServerOptions"/> (validated at start), the credentials check, the request
    /// admission (one queue entry per distinct waiting request), the metrics and the processor as a
    /// hosted service.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; at least one token or a signing secret.</param>
    /// <returns>The options builder, to bind configuration.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <remarks>
    /// Invalid requests that name a ticket wait in the <see cref="IInvalidRequestNoticeStore"/> registered (the durable
    /// queue's own, for example <c>AddSwRelSqliteRequestQueue</c>), or in memory when none is.
    /// Register the pipeline too (<c>AddSwRelPipeline</c>, a durable queue and an <c>ITicketGateway</c>),
    /// then map the endpoints with <see cref="SwRelServerEndpointRouteBuilderExtensions.MapSwRelServer"/>.
    /// </remarks>
    public static OptionsBuilder<SwRelServerOptions> AddSwRelServer(this IServiceCollection services, Action<SwRelServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddOptions<SwRelServerOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SwRelServerOptions>, SwRelServerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<RequestAuthenticator>();
        services.TryAddSingleton<RequestAdmission>();
        services.TryAddSingleton<IInvalidRequestNoticeStore>(provider => new InMemoryInvalidRequestNoticeStore(provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<RecentOutcomes>();
        services.TryAddSingleton<StatusData>();
        services.TryAddSingleton<ServerMetrics>();
        services.TryAddSingleton(provider => new PrometheusExporter(provider.GetRequiredService<IMeterFactory>(), ServerMetrics.MeterName));
        services.AddHostedService<ProcessorService>();
        return builder;
    }
}
