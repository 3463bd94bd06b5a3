using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SwRel.Pipeline;

namespace SwRel.Server.Health;

/// <summary><c>GET /healthz</c> (the process answers) and <c>GET /readyz</c> (the queue and the ticket system answer).</summary>
internal static class HealthEndpoints
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Always 200 <c>OK</c> while the process serves.</summary>
    public static Task AliveAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("OK", context.RequestAborted);
    }

    /// <summary>200 <c>ready</c> when the queue and the ticket system answer within 5 seconds; 503 with what failed otherwise.</summary>
    public static async Task ReadyAsync(HttpContext context)
    {
        var services = context.RequestServices;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(ProbeTimeout);
        var problems = new List<string>();
        try
        {
            // An identifier no queue hands out, like the ticket below: the lookup reaches the store without reading the queue.
            await services.GetRequiredService<IRequestQueue>().FindAsync(0, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problems.Add($"The request queue does not answer: {e.Message}");
        }

        try
        {
            // A ticket number no system hands out: the answer (none) proves the ticket system is reachable.
            await services.GetRequiredService<ITicketGateway>().GetTicketAsync(int.MaxValue, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problems.Add($"The ticket system does not answer: {e.Message}");
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.StatusCode = problems.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        await context.Response.WriteAsync(problems.Count == 0 ? "ready" : string.Join("\n", problems), context.RequestAborted).ConfigureAwait(false);
    }
}
