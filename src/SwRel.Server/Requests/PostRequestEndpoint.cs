using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SwRel.Domain.Requests;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Server.Processing;
using SwRel.Server.Security;
using SwRel.Server.Telemetry;

namespace SwRel.Server.Requests;

/// <summary>
/// <c>POST /api/requests</c>: the transition request of the ticket system. The answer's body is the
/// ticket's CommunicationStatus: <c>OK</c> once the request is durably queued, otherwise the messages.
/// </summary>
internal static partial class PostRequestEndpoint
{
    /// <summary>Handles one post.</summary>
    public static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var metrics = services.GetRequiredService<ServerMetrics>();
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("SwRel.Server.Requests");
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);

        // Credentials first: nothing about an unauthenticated body is parsed, queued or logged.
        var refusal = services.GetRequiredService<RequestAuthenticator>().CheckWrite(context.Request, body ?? []);
        if (refusal is not null)
        {
            metrics.Answered("unauthorized");
            LogUnauthorized(log, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", refusal);
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await TextAsync(context, StatusCodes.Status401Unauthorized, $"Unauthorized: {refusal}").ConfigureAwait(false);
            return;
        }

        if (body is null)
        {
            metrics.Answered("invalid");
            await TextAsync(context, StatusCodes.Status413PayloadTooLarge, $"The request body is longer than {TransitionRequestParser.MaxBodyLength:N0} bytes.").ConfigureAwait(false);
            return;
        }

        var json = context.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
        var policy = services.GetRequiredService<IOptions<WorkflowOptions>>().Value.EmergencyPolicy;
        var result = json
            ? TransitionRequestParser.ParseJson(body, policy)
            : TransitionRequestParser.ParseForm(Encoding.UTF8.GetString(body), policy);
        if (!result.IsValid)
        {
            metrics.Answered("invalid");
            var ticket = TicketIdReader.Find(body, json);
            LogInvalid(log, ticket, string.Join(" ", result.Errors));
            if (ticket > 0)
            {
                var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
                try
                {
                    // Kept before the answer, so that a crash after it still leads to the comment on the ticket.
                    await services.GetRequiredService<IInvalidRequestNoticeStore>().AddAsync(ticket, result.Errors, context.RequestAborted).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
                {
                    // The caller gets the messages anyway; only the ticket's comment is lost.
                    LogNoticeLost(log, ticket, e.Message);
                }

                services.GetRequiredService<RecentOutcomes>().Add(new RecentOutcome(0, ticket, "(invalid request)", "Invalid", string.Join(" ", result.Errors), now));
            }

            await TextAsync(context, StatusCodes.Status400BadRequest, string.Join("\n", result.Errors)).ConfigureAwait(false);
            return;
        }

        var request = ProvisioningRequest.From(result.Request);
        bool queued;
        try
        {
            queued = await services.GetRequiredService<RequestAdmission>().AdmitAsync(request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            metrics.Answered("unavailable");
            LogQueueUnavailable(log, request.TicketId, e.Message);
            context.Response.Headers.RetryAfter = "30";
            await TextAsync(context, StatusCodes.Status503ServiceUnavailable, "The request could not be queued: the repository's queue cannot be written now. Post it again later.").ConfigureAwait(false);
            return;
        }

        metrics.Answered(queued ? "accepted" : "duplicate");
        LogAccepted(log, request.TicketId, request.Previous.ToName(), request.Current.ToName(), !queued);
        await TextAsync(context, StatusCodes.Status202Accepted, "OK").ConfigureAwait(false);
    }

    private static Task TextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    [LoggerMessage(10, LogLevel.Warning, "Refused a request from {Remote}: {Reason}")]
    private static partial void LogUnauthorized(ILogger logger, string remote, string reason);

    [LoggerMessage(11, LogLevel.Information, "Invalid request for ticket #{TicketId}: {Errors}")]
    private static partial void LogInvalid(ILogger logger, int ticketId, string errors);

    [LoggerMessage(12, LogLevel.Error, "Could not queue the request for ticket #{TicketId}: {Error}")]
    private static partial void LogQueueUnavailable(ILogger logger, int ticketId, string error);

    [LoggerMessage(14, LogLevel.Warning, "Could not keep the invalid request for ticket #{TicketId}, so the ticket gets no comment about it: {Error}")]
    private static partial void LogNoticeLost(ILogger logger, int ticketId, string error);

    [LoggerMessage(13, LogLevel.Debug, "Accepted the request for ticket #{TicketId}: {Previous} -> {Current} (already queued: {Duplicate})")]
    private static partial void LogAccepted(ILogger logger, int ticketId, string previous, string current, bool duplicate);
}
