using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SwRel.Server.Health;
using SwRel.Server.Requests;
using SwRel.Server.Security;
using SwRel.Server.Status;
using SwRel.Server.Telemetry;

namespace SwRel.Server;

/// <summary>Maps the Repo daemon's endpoints.</summary>
public static class SwRelServerEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST /api/requests</c>, <c>GET /api/requests</c>, <c>GET /api/releases</c>, <c>GET /api/slots</c>, <c>GET /healthz</c>, <c>GET /readyz</c>,
    /// <c>GET /metrics</c> and the status page <c>GET /</c>.
    /// </summary>
    /// <param name="endpoints">The application's routes.</param>
    /// <returns><paramref name="endpoints"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is <see langword="null"/>.</exception>
    /// <remarks>The services come from <see cref="SwRelServerServiceCollectionExtensions.AddSwRelServer"/>.</remarks>
    public static IEndpointRouteBuilder MapSwRelServer(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/api/requests", PostRequestEndpoint.HandleAsync);
        endpoints.MapGet("/api/requests", Read(ReadEndpoints.RequestsAsync));
        endpoints.MapGet("/api/releases", Read(ReadEndpoints.ReleasesAsync));
        endpoints.MapGet("/api/slots", Read(ReadEndpoints.SlotsAsync));
        endpoints.MapGet("/", Read(ReadEndpoints.PageAsync));
        endpoints.MapGet("/metrics", Read(ReadEndpoints.MetricsAsync));
        endpoints.MapGet("/healthz", HealthEndpoints.AliveAsync);
        endpoints.MapGet("/readyz", HealthEndpoints.ReadyAsync);
        return endpoints;
    }

    private static RequestDelegate Read(RequestDelegate next) => context =>
    {
        if (context.RequestServices.GetRequiredService<RequestAuthenticator>().MayRead(context.Request))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return context.Response.WriteAsync("Unauthorized: this server needs 'Authorization: Bearer <token>' for reads.", context.RequestAborted);
    };
}
