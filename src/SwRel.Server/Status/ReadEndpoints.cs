using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SwRel.Server.Telemetry;

namespace SwRel.Server.Status;

/// <summary>The read endpoints: the status page, the JSON views and the Prometheus scrape.</summary>
internal static class ReadEndpoints
{
    /// <summary><c>GET /api/requests</c>.</summary>
    public static async Task RequestsAsync(HttpContext context)
    {
        var view = await context.RequestServices.GetRequiredService<StatusData>().RequestsAsync(context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, view, ServerJsonContext.Default.RequestsView, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary><c>GET /metrics</c>.</summary>
    public static Task MetricsAsync(HttpContext context)
    {
        // The instruments exist once their owner does; make sure they are published before the first scrape.
        context.RequestServices.GetRequiredService<ServerMetrics>();
        context.Response.ContentType = PrometheusExporter.ContentType;
        return context.Response.WriteAsync(context.RequestServices.GetRequiredService<PrometheusExporter>().Scrape(), context.RequestAborted);
    }

    /// <summary><c>GET /</c>.</summary>
    public static async Task PageAsync(HttpContext context)
    {
        var view = await context.RequestServices.GetRequiredService<StatusData>().RequestsAsync(context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(StatusPage.Render(view), context.RequestAborted).ConfigureAwait(false);
    }
}
