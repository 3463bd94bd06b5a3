using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SwRel.Rt;

/// <summary>
/// Logs each failed attempt to reach RT as one warning line naming RT's address, the call and the error. It sits inside the
/// resilience handler, so every retry is one line; the error travels on as an <see cref="RtException"/> for whoever called.
/// </summary>
/// <remarks>
/// While RT is down the daemon tries again and again: a stack trace per attempt would bury everything else in its log,
/// and says nothing an operator can act on.
/// </remarks>
internal sealed partial class RtAttemptLogger(ILogger<RtAttemptLogger> log, IOptions<RtOptions> options) : DelegatingHandler
{
    private readonly string rtUrl = options.Value.Url?.AbsoluteUri ?? "(no address)";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogFailed(log, rtUrl, request.Method.Method, request.RequestUri?.AbsolutePath ?? "", e is TaskCanceledException ? "no answer in time" : Flat(e.Message));
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The resilience handler's per-attempt timeout ended the attempt (or the caller gave up, which ends it as surely).
            LogFailed(log, rtUrl, request.Method.Method, request.RequestUri?.AbsolutePath ?? "", "no answer in time");
            throw;
        }

        if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
        {
            LogFailed(log, rtUrl, request.Method.Method, request.RequestUri?.AbsolutePath ?? "", $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        return response;
    }

    private static string Flat(string message) => message.ReplaceLineEndings(" ");

    [LoggerMessage(1, LogLevel.Warning, "RT at {RtUrl} failed {Method} {Path}: {Error}")]
    private static partial void LogFailed(ILogger logger, string rtUrl, string method, string path, string error);
}
