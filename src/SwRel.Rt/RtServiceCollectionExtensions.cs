using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Telemetry;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Rt.Guard;
using SwRel.Rt.Notifications;
using SwRel.Rt.Setup;

namespace SwRel.Rt;

/// <summary>Registers SwRel's Request Tracker 5 gateway.</summary>
public static class RtServiceCollectionExtensions
{
    private const string ResilienceHandlerName = "rt";

    // The name Microsoft.Extensions.Http.Resilience gives the handler's pipeline: the client's and the handler's.
    private const string ResiliencePipelineName = RtRestClient.HttpClientName + "-" + ResilienceHandlerName;

    /// <summary>
    /// Registers <see cref="RtOptions"/> (validated at start), an HttpClient for RT through <c>IHttpClientFactory</c> with a
    /// resilience handler for transient failures (5xx, 408, 429, connection errors; retried with back-off within
    /// <see cref="RtOptions.Timeout"/>; only GET, PUT and DELETE are retried), <see cref="RtSetupCheck"/>, <see cref="RtHistoryReader"/>,
    /// <see cref="Guard.RtChangeGuard"/> (with the registered workflow options' emergency policy), <see cref="RtTicketGateway"/> as the
    /// <see cref="ITicketGateway"/>, and RT's <see cref="ITicketChangeHooks"/>: the processor then sets back a change the
    /// transition table does not allow for the RT user who made it, and sets each ticket's Cc and AdminCc groups, standing owner
    /// and mandatory watchers once the repository answered OK (the workflow's options, <c>AddSwRelWorkflow</c>, decide who).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddSwRelRt(this IServiceCollection services, Action<RtOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<RtOptions>().Configure(configure).ValidateOnStart();
        services.AddSwRelWorkflow();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RtOptions>, RtOptionsValidator>());
        services.AddHttpClient(RtRestClient.HttpClientName, (provider, client) =>
            {
                // The resilience handler's total timeout governs each call; the client's own must not cut it short.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            // The factory's own loggers write a stack trace for each failed attempt; RtAttemptLogger writes one line instead.
            .RemoveAllLoggers()
            .AddResilienceHandler(ResilienceHandlerName, (builder, context) =>
            {
                var timeout = context.ServiceProvider.GetRequiredService<IOptions<RtOptions>>().Value.Timeout;
                builder.AddTimeout(timeout);
                var retry = new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 3,
                    Delay = TimeSpan.FromMilliseconds(500),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = true,
                };

                // A comment posted twice is two comments: only calls that can be repeated safely are retried.
                retry.DisableFor(HttpMethod.Post, HttpMethod.Patch);
                builder.AddRetry(retry);
                builder.AddTimeout(TimeSpan.FromTicks(Math.Max(timeout.Ticks / 2, TimeSpan.FromSeconds(1).Ticks)));
            });

        // Polly reports every handled failure with its exception (a stack trace per attempt); RtAttemptLogger says it in one line.
        services.Configure<TelemetryOptions>(o =>
        {
            var others = o.SeverityProvider;
            o.SeverityProvider = args => args.Source.PipelineName == ResiliencePipelineName ? ResilienceEventSeverity.None : others?.Invoke(args) ?? args.Event.Severity;
        });
        services.AddHttpClient(RtRestClient.HttpClientName).AddHttpMessageHandler(provider => new RtAttemptLogger(
            provider.GetRequiredService<ILogger<RtAttemptLogger>>(), provider.GetRequiredService<IOptions<RtOptions>>()));
        services.TryAddSingleton<RtRestClient>();
        services.TryAddSingleton(provider => new RtChangeGuard(
            provider.GetRequiredService<RtRestClient>(),
            provider.GetRequiredService<IOptions<RtOptions>>(),
            provider.GetService<IOptions<WorkflowOptions>>()?.Value.EmergencyPolicy ?? EmergencyPolicy.FastStagedRollout));
        services.TryAddSingleton(provider => new RtHistoryReader(provider.GetRequiredService<RtRestClient>(), provider.GetRequiredService<IOptions<RtOptions>>()));
        services.TryAddSingleton(provider => new RtSetupCheck(provider.GetRequiredService<RtRestClient>(), provider.GetRequiredService<IOptions<RtOptions>>()));
        services.TryAddSingleton(provider => new RtTicketGateway(provider.GetRequiredService<RtRestClient>(), provider.GetRequiredService<IOptions<RtOptions>>(), provider.GetService<TimeProvider>()));
        services.Replace(ServiceDescriptor.Singleton<ITicketGateway>(provider => provider.GetRequiredService<RtTicketGateway>()));
        services.TryAddSingleton(provider => new RtWatchers(provider.GetRequiredService<RtRestClient>(), provider.GetRequiredService<RolloutWorkflow>()));
        services.Replace(ServiceDescriptor.Singleton<ITicketChangeHooks>(provider => new RtTicketChangeHooks(
            provider.GetRequiredService<RtChangeGuard>(), provider.GetRequiredService<RtTicketGateway>(), provider.GetRequiredService<RtWatchers>())));
        return services;
    }
}
