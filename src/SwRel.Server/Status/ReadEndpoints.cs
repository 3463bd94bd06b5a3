using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SwRel.Domain.Metrics;
using SwRel.Repository.Layout;
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

    /// <summary><c>GET /api/releases?search=&amp;area=&amp;majorRelease=</c>.</summary>
    public static async Task ReleasesAsync(HttpContext context)
    {
        if (!TryReadFilter(context, out var search, out var area, out var major, out var problem))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(problem, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var releases = await context.RequestServices.GetRequiredService<StatusData>().ReleasesAsync(search, area, major, context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, releases, ServerJsonContext.Default.IReadOnlyListReleaseView, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary><c>GET /api/slots</c>.</summary>
    public static async Task SlotsAsync(HttpContext context)
    {
        var slots = await context.RequestServices.GetRequiredService<StatusData>().SlotsAsync(context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, slots, ServerJsonContext.Default.IReadOnlyListSlotView, context.RequestAborted).ConfigureAwait(false);
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
        var data = context.RequestServices.GetRequiredService<StatusData>();
        TryReadFilter(context, out var search, out _, out _, out _);
        var view = await data.RequestsAsync(context.RequestAborted).ConfigureAwait(false);
        var releases = await data.ReleasesAsync(search, null, null, context.RequestAborted).ConfigureAwait(false);
        IReadOnlyList<SlotView>? slots;
        try
        {
            slots = await data.SlotsAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            // The page still shows the queue when the ticket system is down; it says why the slots are missing.
            slots = null;
        }

        ReleaseMetricsReport? metrics;
        try
        {
            metrics = await data.MetricsAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            // As for the slots: the rest of the page stays useful while the ticket system is down.
            metrics = null;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(StatusPage.Render(view, slots, releases, search, metrics), context.RequestAborted).ConfigureAwait(false);
    }

    private static bool TryReadFilter(HttpContext context, out string? search, out RepositoryArea? area, out string? major, out string problem)
    {
        var query = context.Request.Query;
        search = query["search"].ToString() is { Length: > 0 } s ? s : null;
        major = query["majorRelease"].ToString() is { Length: > 0 } m ? m : null;
        area = null;
        problem = "";
        if (query["area"].ToString() is { Length: > 0 } text)
        {
            if (!Enum.TryParse<RepositoryArea>(text, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                problem = $"The query parameter area must be Unverified, StageRollout or Production, not '{text}'.";
                return false;
            }

            area = parsed;
        }

        return true;
    }
}
