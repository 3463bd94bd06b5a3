using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Server.Requests;
using SwRel.Server.Telemetry;

namespace SwRel.Server.Processing;

/// <summary>
/// Runs the <see cref="ProvisioningProcessor"/> over the queue for as long as the host runs, and
/// comments on the tickets named by invalid requests.
/// </summary>
/// <remarks>
/// On shutdown the request in progress is finished; only when the host's shutdown timeout runs out
/// is it abandoned, and then its lease expires and it is processed again after the restart. Invalid
/// requests wait in the <see cref="IInvalidRequestNoticeStore"/> until their ticket has the comment,
/// so a durable store keeps them through a crash too.
/// </remarks>
internal sealed partial class ProcessorService : BackgroundService
{
    private const int NoticesPerPass = 32;

    private readonly ProvisioningProcessor _processor;
    private readonly ITicketGateway _gateway;
    private readonly RequestAdmission _admission;
    private readonly IInvalidRequestNoticeStore _notices;
    private readonly RecentOutcomes _recent;
    private readonly ServerMetrics _metrics;
    private readonly ProvisioningOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ProcessorService> _log;
    private readonly ITicketChangeHooks? _hooks;
    private readonly CancellationTokenSource _abort = new();
    private DateTimeOffset _noticesWaitUntil = DateTimeOffset.MinValue;

    /// <summary>Creates the service.</summary>
    public ProcessorService(
        ProvisioningProcessor processor,
        ITicketGateway gateway,
        RequestAdmission admission,
        IInvalidRequestNoticeStore notices,
        RecentOutcomes recent,
        ServerMetrics metrics,
        IOptions<ProvisioningOptions> options,
        TimeProvider time,
        ILogger<ProcessorService> log,
        ITicketChangeHooks? hooks = null)
    {
        _processor = processor;
        _gateway = gateway;
        _admission = admission;
        _notices = notices;
        _recent = recent;
        _metrics = metrics;
        _options = options.Value;
        _time = time;
        _log = log;
        _hooks = hooks;
    }

    /// <inheritdoc/>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the server listens: a request posted again after a restart must find its first copy.
        await _admission.LoadAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.Register(() => _abort.Cancel()).ConfigureAwait(false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        LogStarted(_log, _options.RepositoryRoot);
        while (!stoppingToken.IsCancellationRequested)
        {
            await CommentOnInvalidRequestsAsync().ConfigureAwait(false);
            ProcessingReport? report;
            var started = Stopwatch.GetTimestamp();
            try
            {
                // Not the stopping token: a request already taken is finished, not dropped halfway.
                report = await _processor.ProcessNextAsync(_abort.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                LogAbandoned(_log);
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The queue itself failed; wait and try again rather than stop the daemon.
                LogQueueFailed(_log, e.Message);
                await DelayAsync(_options.PollInterval, stoppingToken).ConfigureAwait(false);
                continue;
            }

            if (report is null)
            {
                try
                {
                    await _admission.WaitForAdmittedAsync(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopping: the loop ends.
                }

                continue;
            }

            Record(report, Stopwatch.GetElapsedTime(started));
        }

        LogStopped(_log);
    }

    private void Record(ProcessingReport report, TimeSpan elapsed)
    {
        // The queue depth first, so that a scrape that sees the request counted as processed no longer sees it waiting.
        if (report.Outcome != ProcessingOutcome.Retrying)
        {
            _admission.Finished(report.RequestId, report.Request);
        }

        _metrics.Processed(report, elapsed);

        _recent.Add(new RecentOutcome(
            report.RequestId,
            report.Request.TicketId,
            $"{report.Request.Previous.ToName()} -> {report.Request.Current.ToName()}",
            report.Outcome.ToString(),
            report.Message,
            _time.GetUtcNow()));
        LogProcessed(_log, report.RequestId, report.Request.TicketId, report.Request.Previous.ToName(), report.Request.Current.ToName(), report.Outcome, report.Attempt, elapsed.TotalMilliseconds, report.Message);
    }

    // A notice leaves the store only after its comment is stored (or its ticket does not exist); the comment's key makes
    // the comment written again after a crash before the removal count once.
    private async Task CommentOnInvalidRequestsAsync()
    {
        if (_time.GetUtcNow() < _noticesWaitUntil)
        {
            return;
        }

        IReadOnlyList<InvalidRequestNotice> notices;
        try
        {
            notices = await _notices.ListAsync(NoticesPerPass, _abort.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            LogNoticesUnreadable(_log, e.Message);
            _noticesWaitUntil = _time.GetUtcNow() + _options.RetryDelay;
            return;
        }

        foreach (var notice in notices)
        {
            var text = "The repository received a transition request for this ticket that it could not accept:\n- "
                + string.Join("\n- ", notice.Errors);
            try
            {
                if (await _gateway.GetTicketAsync(notice.TicketId, _abort.Token).ConfigureAwait(false) is not null)
                {
                    await _gateway.AddCommentAsync(notice.TicketId, text, notice.CommentKey, _abort.Token).ConfigureAwait(false);

                    // A move the table has for nobody never reaches the processor's review: the ticket system sets it back here.
                    if (_hooks is not null && await _hooks.ReviewRefusedAsync(notice.TicketId, _abort.Token).ConfigureAwait(false) is { } setBack)
                    {
                        LogSetBack(_log, notice.TicketId, setBack);
                    }
                }

                await _notices.RemoveAsync(notice.NoticeId, _abort.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
            {
                // The ticket system is down: keep the notices and try again after the pipeline's retry delay, not on every poll.
                LogCommentFailed(_log, notice.TicketId, e.Message);
                _noticesWaitUntil = _time.GetUtcNow() + _options.RetryDelay;
                return;
            }
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop ends.
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Processor started over the repository at {RepositoryRoot}")]
    private static partial void LogStarted(ILogger logger, string repositoryRoot);

    [LoggerMessage(2, LogLevel.Information, "Request {RequestId} for ticket #{TicketId} ({Previous} -> {Current}): {Outcome} on attempt {Attempt} in {ElapsedMs:0.0} ms: {Message}")]
    private static partial void LogProcessed(ILogger logger, long requestId, int ticketId, string previous, string current, ProcessingOutcome outcome, int attempt, double elapsedMs, string message);

    [LoggerMessage(3, LogLevel.Error, "The request queue failed; trying again shortly: {Error}")]
    private static partial void LogQueueFailed(ILogger logger, string error);

    [LoggerMessage(4, LogLevel.Warning, "Shutdown timed out: the request in progress was abandoned and is processed again after its lease expires")]
    private static partial void LogAbandoned(ILogger logger);

    [LoggerMessage(5, LogLevel.Information, "Processor stopped")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(6, LogLevel.Warning, "Could not comment on ticket #{TicketId} about an invalid request; trying again later: {Error}")]
    private static partial void LogCommentFailed(ILogger logger, int ticketId, string error);

    [LoggerMessage(7, LogLevel.Warning, "Could not read the invalid requests waiting for a comment; trying again later: {Error}")]
    private static partial void LogNoticesUnreadable(ILogger logger, string error);

    [LoggerMessage(8, LogLevel.Information, "Ticket #{TicketId}: the ticket system set back the change of a refused request: {Comment}")]
    private static partial void LogSetBack(ILogger logger, int ticketId, string comment);
}
