using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Repository.Planning;

namespace SwRel.Pipeline;

/// <summary>
/// The Repo daemon as a library (SPEC §12): takes a request from the queue, reads its ticket,
/// carries out the repository's part of the transition, and records the outcome on the ticket.
/// </summary>
/// <remarks>
/// <para>
/// Every decision (apply a row, defer, move the oldest Deferred ticket on, fail with the follow-ups that can succeed)
/// is made by <see cref="RepositoryWorkflow"/> in SwRel.Domain; the processor carries it out: leases, locks, ticket-system
/// calls and plans. Any failure, technical or logical, adds an explanatory comment to the ticket and sets it to Failed.
/// Each comment carries a <see cref="TicketWriteKey"/> naming the request (for a Deferred ticket moved on, its stay in
/// Deferred) and the write, and the state changes are compare
/// and set, so a request processed again after a crash adds no second comment, history entry or repository change.
/// A request leaves the queue only after it succeeded or its failure was recorded; when the ticket system itself fails,
/// the request stays queued and is retried after <see cref="ProvisioningOptions.RetryDelay"/>, doubled on each further
/// attempt up to <see cref="ProvisioningOptions.MaxRetryDelay"/>, and after <see cref="ProvisioningOptions.MaxAttempts"/>
/// attempts it waits as a dead letter for an operator.
/// </para>
/// <para>
/// Every decision about the stage-rollout slot of one major release (entering it, and moving the oldest Deferred ticket
/// in when it frees) is taken under that major release's lock in the queue's store, so processors sharing a store never
/// put two releases of one major release into StageRollout.
/// </para>
/// <para>Thread-safe: any number of processors may run on one queue, in one process or several.</para>
/// </remarks>
public sealed class ProvisioningProcessor
{
    private static readonly TimeSpan LockRetryInterval = TimeSpan.FromMilliseconds(20);

    private readonly IRequestQueue _queue;
    private readonly ITicketGateway _gateway;
    private readonly IRepositoryActions _actions;
    private readonly ProvisioningOptions _options;
    private readonly RepositoryWorkflow _decisions;
    private readonly TimeProvider _time;
    private readonly ITicketChangeHooks? _hooks;

    /// <summary>Creates a processor.</summary>
    /// <param name="queue">The request queue.</param>
    /// <param name="gateway">The ticket system.</param>
    /// <param name="actions">The repository work.</param>
    /// <param name="options">The pipeline's settings.</param>
    /// <param name="workflow">The workflow's settings (emergency policy and slot bypass).</param>
    /// <param name="timeProvider">The clock for delays; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="hooks">The ticket system's review of each change and its notifications, or <see langword="null"/> for none.</param>
    /// <remarks>The options are validated at start where <see cref="PipelineServiceCollectionExtensions.AddSwRelPipeline"/> registers them.</remarks>
    public ProvisioningProcessor(
        IRequestQueue queue,
        ITicketGateway gateway,
        IRepositoryActions actions,
        IOptions<ProvisioningOptions> options,
        IOptions<WorkflowOptions> workflow,
        TimeProvider? timeProvider = null,
        ITicketChangeHooks? hooks = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(workflow);
        _queue = queue;
        _gateway = gateway;
        _actions = actions;
        _options = options.Value;
        _decisions = new RepositoryWorkflow(workflow);
        _time = timeProvider ?? TimeProvider.System;
        _hooks = hooks;
    }

    /// <summary>Takes and processes one request.</summary>
    /// <param name="cancellationToken">Cancels the processing; the request's lease then expires and it is processed again.</param>
    /// <returns>What was done, or <see langword="null"/> when no request was waiting.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<ProcessingReport?> ProcessNextAsync(CancellationToken cancellationToken)
    {
        var lease = await _queue.TryTakeAsync(_options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return null;
        }

        var run = new Run(lease);
        using var held = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = KeepLeaseAsync(lease, held, stopHeartbeat.Token);
        try
        {
            await ProcessAsync(run, held.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested)
        {
            // The lease was lost (the queue gave the request to another processor): stop without recording anything.
            run.End(ProcessingOutcome.Retrying, $"Ticket #{lease.Request.TicketId}: the request's lease was lost; another processor has it now.");
            return run.Report();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The ticket system failed (or the slot lock stayed taken), so no outcome could be recorded: keep the request.
            await GiveBackAsync(run, lease, e, cancellationToken).ConfigureAwait(false);
            return run.Report();
        }
        finally
        {
            await stopHeartbeat.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
        }

        if (!await _queue.CompleteAsync(lease, cancellationToken).ConfigureAwait(false))
        {
            run.Message += " (the request's lease had expired; another processor has it now)";
        }

        return run.Report();
    }

    private async ValueTask GiveBackAsync(Run run, RequestLease lease, Exception e, CancellationToken cancellationToken)
    {
        if (lease.Attempt >= _options.MaxAttempts)
        {
            run.End(
                ProcessingOutcome.Retrying,
                $"The request could not be finished after {lease.Attempt} attempts and waits for an operator (swrel queue retry {lease.RequestId}, or drop): {Describe(e)}");
            await _queue.DeadLetterAsync(lease, run.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        run.End(ProcessingOutcome.Retrying, $"The request could not be finished and stays queued for a retry: {Describe(e)}");
        await _queue.RecordFailureAsync(lease, run.Message, RetryDelayAfter(lease.Attempt), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Exponential backoff: <see cref="ProvisioningOptions.RetryDelay"/> doubled per attempt after the first, capped.</summary>
    private TimeSpan RetryDelayAfter(int attempt)
    {
        var delay = _options.RetryDelay;
        for (var i = 1; i < attempt && delay < _options.MaxRetryDelay; i++)
        {
            delay += delay;
        }

        return delay < _options.MaxRetryDelay ? delay : _options.MaxRetryDelay;
    }

    /// <summary>Processes requests until none is waiting.</summary>
    /// <param name="cancellationToken">Cancels the processing.</param>
    /// <returns>The reports, in processing order.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IReadOnlyList<ProcessingReport>> DrainAsync(CancellationToken cancellationToken)
    {
        var reports = new List<ProcessingReport>();
        while (await ProcessNextAsync(cancellationToken).ConfigureAwait(false) is { } report)
        {
            reports.Add(report);
        }

        return reports;
    }

    /// <summary>Processes requests until cancelled, sleeping <see cref="ProvisioningOptions.PollInterval"/> whenever the queue is empty.</summary>
    /// <param name="onReport">Called after each request, for logging; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>A task that ends when <paramref name="cancellationToken"/> is cancelled.</returns>
    public async Task RunAsync(Action<ProcessingReport>? onReport, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            ProcessingReport? report;
            try
            {
                report = await ProcessNextAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (report is not null)
            {
                onReport?.Invoke(report);
                continue;
            }

            try
            {
                await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task KeepLeaseAsync(RequestLease lease, CancellationTokenSource held, CancellationToken stop)
    {
        // Renew at a third of the lease, so that a long fetch never lets the request reappear in the queue.
        var interval = _options.LeaseDuration / 3;
        try
        {
            while (true)
            {
                await Task.Delay(interval, _time, stop).ConfigureAwait(false);
                if (await _queue.RenewAsync(lease, _options.LeaseDuration, stop).ConfigureAwait(false) is null)
                {
                    await held.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Processing ended.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A queue that cannot renew is a queue that cannot be trusted to keep the lease: stop processing.
            await held.CancelAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask ProcessAsync(Run run, CancellationToken cancellationToken)
    {
        await DecideAndCarryOutAsync(run, cancellationToken).ConfigureAwait(false);
        if (_hooks is not null)
        {
            await _hooks.ProcessedAsync(run.Lease.Request, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask DecideAndCarryOutAsync(Run run, CancellationToken cancellationToken)
    {
        var request = run.Lease.Request;
        var ticket = await _gateway.GetTicketAsync(request.TicketId, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            run.End(ProcessingOutcome.Skipped, $"There is no ticket #{request.TicketId}; the request is dropped.");
            return;
        }

        if (_hooks is not null && await _hooks.ReviewAsync(request, ticket, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            run.End(ProcessingOutcome.Skipped, $"Ticket #{request.TicketId}: the ticket system set the change back, so the repository does nothing: {refusal}");
            return;
        }

        var asked = request.ToTransitionRequest();
        var decision = _decisions.Decide(asked, ticket);
        if (decision.Kind == RepositoryDecisionKind.ConsultSlot)
        {
            await WithSlotLockAsync(
                decision.SlotMajorRelease!,
                async () =>
                {
                    var line = await _gateway.ReadStageRolloutSlotAsync(decision.SlotMajorRelease!, cancellationToken).ConfigureAwait(false);
                    await CarryOutAsync(run, ticket, _decisions.Decide(asked, ticket, line), cancellationToken).ConfigureAwait(false);
                    await MoveDeferredOnAsync(run, decision.SlotMajorRelease!, cancellationToken).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            return;
        }

        // Leaving the slot: the work itself needs no lock, the slot's next holder does.
        await CarryOutAsync(run, ticket, decision, cancellationToken).ConfigureAwait(false);
        if (decision.SlotMajorRelease is { } major)
        {
            await WithSlotLockAsync(major, () => MoveDeferredOnAsync(run, major, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask CarryOutAsync(Run run, TicketSnapshot ticket, RepositoryDecision decision, CancellationToken cancellationToken)
    {
        switch (decision.Kind)
        {
            case RepositoryDecisionKind.Apply:
                await RunActionsAsync(run, ticket, decision, cancellationToken).ConfigureAwait(false);
                return;
            case RepositoryDecisionKind.Fail:
                await RecordFailedAsync(run, ticket, decision, run.Key("failed"), cancellationToken).ConfigureAwait(false);
                return;
            case RepositoryDecisionKind.Defer:
                await _gateway.AddCommentAsync(ticket.Id, decision.Comment!, run.Key("deferred"), cancellationToken).ConfigureAwait(false);
                await MoveAsync(run, decision, cancellationToken).ConfigureAwait(false);
                run.End(ProcessingOutcome.Deferred, decision.Message);
                return;
            default:
                if (decision.Comment is { } comment)
                {
                    await _gateway.AddCommentAsync(ticket.Id, comment, run.Key("ignored"), cancellationToken).ConfigureAwait(false);
                }

                run.End(ProcessingOutcome.Skipped, decision.Message);
                return;
        }
    }

    private async ValueTask WithSlotLockAsync(string major, Func<ValueTask> decide, CancellationToken cancellationToken)
    {
        // Without the lock, give the request back (the exception) rather than decide: its work is idempotent.
        var slot = await AcquireSlotLockAsync(major, cancellationToken).ConfigureAwait(false)
            ?? throw new TimeoutException($"The stage-rollout lock of {major} is held by another processor.");
        try
        {
            await decide().ConfigureAwait(false);
        }
        finally
        {
            await _queue.ReleaseLockAsync(slot, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async ValueTask MoveDeferredOnAsync(Run run, string major, CancellationToken cancellationToken)
    {
        // A ticket already tried in this pass is not tried again, even if a slow ticket system still lists it as Deferred.
        var tried = new HashSet<int>();
        while (true)
        {
            var line = (await _gateway.ReadStageRolloutSlotAsync(major, cancellationToken).ConfigureAwait(false))
                .Where(t => t.RolloutProgress != RolloutProgress.Deferred || !tried.Contains(t.Id))
                .ToList();
            if (_decisions.NextFromDeferred(line) is not { } move || !tried.Add(move.TicketId))
            {
                return;
            }

            var next = line.First(t => t.Id == move.TicketId);
            RepositoryActionResult result;
            try
            {
                result = await _actions.RunAsync(
                    new RepositoryActionContext { Ticket = next, From = move.From, To = move.To, Gateway = _gateway },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsRecordable(e, cancellationToken))
            {
                await RecordFailedAsync(run, next, _decisions.ActionFailed(next, move.From, move.To, Describe(e)), TicketWriteKey.ForStay(next, "stage-rollout-failed"), cancellationToken).ConfigureAwait(false);
                continue;
            }

            run.Plans.Add(result.Plan);
            if (result.RepositoryUrl is { } url)
            {
                await _gateway.SetRepositoryUrlAsync(next.Id, url.Value, cancellationToken).ConfigureAwait(false);
            }

            // Comment first, keyed by the ticket's stay in Deferred rather than by this request: after a crash between the
            // comment and the move, whichever request moves the ticket on finds the comment written. Only a person moving the
            // ticket in the same instant (the slot's lock keeps other processors out) leaves a comment that did not come true.
            await _gateway.AddCommentAsync(next.Id, $"{move.Comment}{Where(result)}.", TicketWriteKey.ForStay(next, "stage-rollout"), cancellationToken).ConfigureAwait(false);
            await MoveAsync(run, move, cancellationToken).ConfigureAwait(false);
        }
    }

    // Sets the RolloutProgress the decision names, if the ticket is still where the decision found it.
    private async ValueTask<bool> MoveAsync(Run run, RepositoryDecision decision, CancellationToken cancellationToken)
    {
        if (!await _gateway.TrySetRolloutProgressAsync(decision.TicketId, decision.From, decision.To, null, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        run.Transitions.Add(new PipelineTransition { TicketId = decision.TicketId, From = decision.From, To = decision.To, Rule = decision.Rule! });
        return true;
    }

    private async ValueTask RunActionsAsync(Run run, TicketSnapshot ticket, RepositoryDecision decision, CancellationToken cancellationToken)
    {
        var (from, to) = (decision.From, decision.To);
        RepositoryActionResult result;
        try
        {
            result = await _actions.RunAsync(
                new RepositoryActionContext { Ticket = ticket, From = from, To = to, Gateway = _gateway },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRecordable(e, cancellationToken))
        {
            await RecordFailedAsync(run, ticket, _decisions.ActionFailed(ticket, from, to, Describe(e)), run.Key("failed"), cancellationToken).ConfigureAwait(false);
            return;
        }

        run.Plans.Add(result.Plan);
        if (result.RepositoryUrl is { } url)
        {
            await _gateway.SetRepositoryUrlAsync(ticket.Id, url.Value, cancellationToken).ConfigureAwait(false);
        }

        if (!result.Plan.IsEmpty)
        {
            // Named by the ticket's stay in its new state, not by the request: a second post of the move after the first
            // was processed (ticket systems repeat posts whose answer they lost) carries out the same idempotent actions,
            // and the ticket is told once per entry into the state.
            await _gateway.AddCommentAsync(
                ticket.Id,
                $"The repository carried out {from.ToName()} -> {to.ToName()}{Where(result)}.",
                TicketWriteKey.ForStay(ticket, "carried-out"),
                cancellationToken).ConfigureAwait(false);
        }

        run.End(ProcessingOutcome.Succeeded, $"Ticket #{ticket.Id}: {from.ToName()} -> {to.ToName()} done ({result.Plan.Steps.Length} steps).");
    }

    // The comment comes first so that a ticket is never Failed without its reason; its key makes the retry after a crash
    // between the two add nothing.
    private async ValueTask RecordFailedAsync(Run run, TicketSnapshot ticket, RepositoryDecision failure, TicketWriteKey key, CancellationToken cancellationToken)
    {
        await _gateway.AddCommentAsync(ticket.Id, failure.Comment!, key, cancellationToken).ConfigureAwait(false);
        var current = ticket.RolloutProgress;
        if (failure.Rule!.AppliesFrom(current)
            && await _gateway.TrySetRolloutProgressAsync(ticket.Id, current, RolloutProgress.Failed, failure.Failure, cancellationToken).ConfigureAwait(false))
        {
            run.Transitions.Add(new PipelineTransition { TicketId = ticket.Id, From = current, To = RolloutProgress.Failed, Rule = failure.Rule! });
        }

        if (ticket.Id == run.Lease.Request.TicketId)
        {
            run.End(ProcessingOutcome.Failed, failure.Message);
        }
    }

    private async ValueTask<QueueLock?> AcquireSlotLockAsync(string major, CancellationToken cancellationToken)
    {
        var name = "stage-rollout/" + major.ToLowerInvariant();
        var tries = Math.Max(1, (int)(_options.LockWaitTimeout.Ticks / LockRetryInterval.Ticks));
        for (var i = 0; ; i++)
        {
            if (await _queue.TryAcquireLockAsync(name, _options.LockDuration, cancellationToken).ConfigureAwait(false) is { } taken)
            {
                return taken;
            }

            if (i >= tries)
            {
                return null;
            }

            await Task.Delay(LockRetryInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsRecordable(Exception e, CancellationToken cancellationToken) =>
        !(e is OperationCanceledException && cancellationToken.IsCancellationRequested) && e is not (OutOfMemoryException or RepositoryBusyException);

    private static string Describe(Exception e)
    {
        var message = e.Message.Trim();
        if (e.InnerException is { } inner && !message.Contains(inner.Message, StringComparison.Ordinal))
        {
            message = $"{message.TrimEnd('.')}: {inner.Message.Trim()}";
        }

        return message.EndsWith('.') ? message : message + ".";
    }

    private static string Where(RepositoryActionResult result) =>
        result.Plan.Target is { } target ? $"; the release is at {target.Value}" : "";

    private sealed class Run(RequestLease lease)
    {
        public RequestLease Lease { get; } = lease;

        public ProcessingOutcome Outcome { get; private set; } = ProcessingOutcome.Succeeded;

        public string Message { get; set; } = "";

        public List<RepositoryPlan> Plans { get; } = [];

        public List<PipelineTransition> Transitions { get; } = [];

        // The same on every attempt at this request, so that each comment is stored once (see ITicketGateway).
        public TicketWriteKey Key(string write) => TicketWriteKey.ForRequest(Lease, write);

        public void End(ProcessingOutcome outcome, string message)
        {
            Outcome = outcome;
            Message = message;
        }

        public ProcessingReport Report() => new()
        {
            RequestId = Lease.RequestId,
            Request = Lease.Request,
            Attempt = Lease.Attempt,
            Outcome = Outcome,
            Message = Message,
            Plans = [.. Plans],
            Transitions = [.. Transitions],
        };
    }
}
