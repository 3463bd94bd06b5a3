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
/// Any failure, technical or logical (an illegal transition, a bad release.xml, a checksum
/// mismatch, a fetch error), adds an explanatory comment to the ticket and sets it to Failed
/// with the failed transition (row 20). A request leaves the queue only after it succeeded or
/// its failure was recorded; when the ticket system itself fails, the request stays queued and
/// is retried after <see cref="ProvisioningOptions.RetryDelay"/>, doubled on each further attempt up to
/// <see cref="ProvisioningOptions.MaxRetryDelay"/>, and after <see cref="ProvisioningOptions.MaxAttempts"/>
/// attempts it waits as a dead letter for an operator.
/// </para>
/// <para>
/// Stage-rollout slot: every decision about the slot of one major release (row 11 or row 12
/// on entry; row 15, the oldest Deferred ticket moving in, when a ticket leaves StageRollout)
/// is taken under that major release's lock in the queue's store, so processors sharing a
/// store never put two releases of one major release into StageRollout. A Failed ticket whose
/// failed transition started from StageRollout keeps the slot until it leaves Failed for
/// anything but StageRollout, so that an admin's revert (row 21) never finds the slot given
/// away. Only a row-11 entry into a taken slot is Deferred (row 12); any other entry (row 7
/// with <see cref="WorkflowOptions.EmergencyBypassesSlot"/> off, a revert or retry from Failed)
/// is refused and the ticket goes (back) to Failed.
/// </para>
/// <para>
/// The ticket decides: its EmergencyRelease field, not the request's Emergency_Release, selects
/// rows 7 and 8 and the slot bypass; a request that disagrees with the ticket is refused. A
/// request from Failed is resolved with the ticket's last failed transition, which the gateway
/// keeps after the ticket left Failed (<see cref="ITicketGateway"/>); a request from Failed that
/// cannot be carried out sends the ticket back to Failed with that same failed transition.
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
    private readonly WorkflowOptions _workflow;
    private readonly TimeProvider _time;

    /// <summary>Creates a processor.</summary>
    /// <param name="queue">The request queue.</param>
    /// <param name="gateway">The ticket system.</param>
    /// <param name="actions">The repository work.</param>
    /// <param name="options">The pipeline's settings.</param>
    /// <param name="workflow">The workflow's settings (emergency policy and slot bypass).</param>
    /// <param name="timeProvider">The clock for delays; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException"><paramref name="options"/> are not valid; the message names each wrong setting.</exception>
    public ProvisioningProcessor(
        IRequestQueue queue,
        ITicketGateway gateway,
        IRepositoryActions actions,
        IOptions<ProvisioningOptions> options,
        IOptions<WorkflowOptions> workflow,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(workflow);
        var errors = ProvisioningOptionsValidator.Check(options.Value);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ProvisioningOptions), errors);
        }

        _queue = queue;
        _gateway = gateway;
        _actions = actions;
        _options = options.Value;
        _workflow = workflow.Value;
        _time = timeProvider ?? TimeProvider.System;
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
        var request = run.Lease.Request;
        var ticket = await _gateway.GetTicketAsync(request.TicketId, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            run.End(ProcessingOutcome.Skipped, $"There is no ticket #{request.TicketId}; the request is dropped.");
            return;
        }

        if (IsRepositorysOwn(request))
        {
            // The ticket system posts a request for every change, the pipeline's own included (rows 12, 15, 20).
            run.End(ProcessingOutcome.Skipped, $"Ticket #{ticket.Id}: {request.Previous.ToName()} -> {request.Current.ToName()} is the repository's own change; nothing to do.");
            return;
        }

        if (ticket.RolloutProgress != request.Current)
        {
            await SkipOutdatedAsync(run, ticket, cancellationToken).ConfigureAwait(false);
            if ((request.Previous == RolloutProgress.StageRollout || request.Current == RolloutProgress.StageRollout)
                && MajorRelease.TryParse(ticket.Field(TicketFieldNames.AssociatedMajorRelease), out var leftMajor, out _))
            {
                // A crash may have come between the ticket leaving StageRollout and the next ticket moving in.
                await WithSlotLockAsync(leftMajor.Name, () => PromoteDeferredAsync(run, leftMajor.Name, cancellationToken), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (EmergencyProblem(request, ticket, out var emergency) is { } emergencyProblem)
        {
            await FailAsync(run, ticket, request.Previous, request.Current, emergencyProblem, cancellationToken).ConfigureAwait(false);
            return;
        }

        var transition = Resolve(request, ticket, emergency);
        if (transition.Illegal is { } illegal)
        {
            await FailAsync(run, ticket, request.Previous, request.Current, illegal, cancellationToken).ConfigureAwait(false);
            return;
        }

        var (from, to) = (transition.From, transition.To);

        // The slot is held by the ticket in StageRollout and by a Failed ticket whose failed transition started from
        // StageRollout (its release is still in the stage-rollout area, and a revert puts it back there). A ticket whose
        // failure the gateway did not keep may have held it too: a reject then looks for the next Deferred ticket.
        var entersSlot = to == RolloutProgress.StageRollout;
        var leavesSlot = from == RolloutProgress.StageRollout
            || (request.Previous == RolloutProgress.Failed && !entersSlot
                && (ticket.FailedTransition?.From ?? RolloutProgress.StageRollout) == RolloutProgress.StageRollout);
        var revertsToDeferred = transition.IsRevert && to == RolloutProgress.Deferred;
        if (!entersSlot && !leavesSlot && !revertsToDeferred)
        {
            if (transition.IsRevert)
            {
                run.End(ProcessingOutcome.Skipped, RevertedMessage(ticket, to));
                return;
            }

            await RunActionsAsync(run, ticket, from, to, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!MajorRelease.TryParse(ticket.Field(TicketFieldNames.AssociatedMajorRelease), out var major, out var majorError))
        {
            await FailAsync(run, ticket, request.Previous, request.Current, majorError, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (leavesSlot)
        {
            // Leaving the slot: the work itself needs no lock, the slot's next holder does.
            await RunActionsAsync(run, ticket, from, to, cancellationToken).ConfigureAwait(false);
        }

        await WithSlotLockAsync(
            major.Name,
            async () =>
            {
                if (entersSlot)
                {
                    await EnterStageRolloutAsync(run, ticket, transition, major.Name, emergency, cancellationToken).ConfigureAwait(false);
                }
                else if (revertsToDeferred)
                {
                    run.End(ProcessingOutcome.Skipped, RevertedMessage(ticket, to));
                }

                await PromoteDeferredAsync(run, major.Name, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
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

    private async ValueTask EnterStageRolloutAsync(
        Run run, TicketSnapshot ticket, ResolvedTransition transition, string major, bool emergency, CancellationToken cancellationToken)
    {
        var request = run.Lease.Request;
        var holders = await SlotHoldersAsync(major, ticket.Id, cancellationToken).ConfigureAwait(false);
        var bypass = emergency && _workflow.EmergencyBypassesSlot;
        if (holders.Length == 0 || bypass)
        {
            if (transition.IsRevert)
            {
                // Row 21 into StageRollout: the executor rolled the failed action back, so the release is still there.
                run.End(ProcessingOutcome.Skipped, RevertedMessage(ticket, RolloutProgress.StageRollout));
                return;
            }

            await RunActionsAsync(run, ticket, transition.From, RolloutProgress.StageRollout, cancellationToken).ConfigureAwait(false);
            return;
        }

        var holderText = string.Join(", ", holders.Select(id => $"#{id}"));
        if (request.Previous != RolloutProgress.InVerification)
        {
            // Row 12 defers only a row-11 entry (InVerification -> StageRollout). Any other entry into a taken slot (an
            // emergency release by row 7 with EmergencyBypassesSlot off, a revert or a retry from Failed) is refused, as
            // RolloutWorkflow refuses it: the ticket goes (back) to Failed, keeping its failed transition.
            await FailAsync(
                run,
                ticket,
                request.Previous,
                request.Current,
                $"The stage-rollout slot of {major} is taken by ticket {holderText}{(emergency ? " and EmergencyBypassesSlot is off" : "")}; "
                + "only a release coming from InVerification is Deferred (row 12), any other one may enter StageRollout only when the slot is free.",
                cancellationToken).ConfigureAwait(false);
            return;
        }

        // SPEC §2.1 row 12: another release of the same major release is in StageRollout. The ticket system saw the
        // person's InVerification -> StageRollout (row 11), so the pipeline's move reads StageRollout -> Deferred.
        await _gateway.AddCommentAsync(
            ticket.Id,
            $"The stage-rollout slot of {major} is taken by ticket {holderText}; this release is Deferred (row 12) and moves into StageRollout when the slot is free (row 15).",
            cancellationToken).ConfigureAwait(false);
        if (await _gateway.TrySetRolloutProgressAsync(ticket.Id, RolloutProgress.StageRollout, RolloutProgress.Deferred, null, cancellationToken).ConfigureAwait(false))
        {
            run.Transitions.Add(new PipelineTransition(ticket.Id, RolloutProgress.StageRollout, RolloutProgress.Deferred, 12));
        }

        run.End(ProcessingOutcome.Deferred, $"Ticket #{ticket.Id} is Deferred (row 12): ticket {holderText} holds the stage-rollout slot of {major}.");
    }

    private async ValueTask<int[]> SlotHoldersAsync(string major, int? except, CancellationToken cancellationToken)
    {
        // A Failed ticket whose failed transition started from StageRollout still holds the slot: its release is in the
        // stage-rollout area and a revert (row 21) puts the ticket back there. It frees the slot when it leaves Failed
        // for anything but StageRollout (a retry out of StageRollout, or a reject).
        var staging = await _gateway.FindTicketsAsync(major, RolloutProgress.StageRollout, cancellationToken).ConfigureAwait(false);
        var failed = await _gateway.FindTicketsAsync(major, RolloutProgress.Failed, cancellationToken).ConfigureAwait(false);
        return staging
            .Concat(failed.Where(t => t.FailedTransition?.From == RolloutProgress.StageRollout))
            .Select(t => t.Id)
            .Where(id => id != except)
            .Distinct()
            .Order()
            .ToArray();
    }

    private async ValueTask PromoteDeferredAsync(Run run, string major, CancellationToken cancellationToken)
    {
        // SPEC §2.1 row 15: when the slot is free, the oldest Deferred ticket of the major release moves in.
        var tried = new HashSet<int>();
        while (true)
        {
            if ((await SlotHoldersAsync(major, null, cancellationToken).ConfigureAwait(false)).Length > 0)
            {
                return;
            }

            var deferred = await _gateway.FindTicketsAsync(major, RolloutProgress.Deferred, cancellationToken).ConfigureAwait(false);
            // A ticket already tried in this pass is not tried again, even if a slow ticket system still lists it as Deferred.
            var next = deferred.Where(t => !tried.Contains(t.Id)).OrderBy(t => t.RolloutProgressSinceUtc).ThenBy(t => t.Id).FirstOrDefault();
            if (next is null || !tried.Add(next.Id))
            {
                return;
            }

            RepositoryActionResult result;
            try
            {
                result = await _actions.RunAsync(
                    new RepositoryActionContext(next, RolloutProgress.Deferred, RolloutProgress.StageRollout, _gateway),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsRecordable(e, cancellationToken))
            {
                var message = Describe(e);
                await RecordFailedAsync(run, next, RolloutProgress.Deferred, RolloutProgress.Deferred, RolloutProgress.StageRollout, message, cancellationToken)
                    .ConfigureAwait(false);
                continue;
            }

            run.Plans.Add(result.Plan);
            if (result.RepositoryUrl is { } url)
            {
                await _gateway.SetRepositoryUrlAsync(next.Id, url.Value, cancellationToken).ConfigureAwait(false);
            }

            if (await _gateway.TrySetRolloutProgressAsync(next.Id, RolloutProgress.Deferred, RolloutProgress.StageRollout, null, cancellationToken).ConfigureAwait(false))
            {
                run.Transitions.Add(new PipelineTransition(next.Id, RolloutProgress.Deferred, RolloutProgress.StageRollout, 15));
                await _gateway.AddCommentAsync(
                    next.Id,
                    $"The stage-rollout slot of {major} is free: this release moved from Deferred into StageRollout{Where(result)}.",
                    cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask RunActionsAsync(Run run, TicketSnapshot ticket, RolloutProgress from, RolloutProgress to, CancellationToken cancellationToken)
    {
        RepositoryActionResult result;
        try
        {
            result = await _actions.RunAsync(new RepositoryActionContext(ticket, from, to, _gateway), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRecordable(e, cancellationToken))
        {
            await FailAsync(run, ticket, from, to, Describe(e), cancellationToken).ConfigureAwait(false);
            return;
        }

        run.Plans.Add(result.Plan);
        if (result.RepositoryUrl is { } url)
        {
            await _gateway.SetRepositoryUrlAsync(ticket.Id, url.Value, cancellationToken).ConfigureAwait(false);
        }

        if (!result.Plan.IsEmpty)
        {
            await _gateway.AddCommentAsync(
                ticket.Id,
                $"The repository carried out {from.ToName()} -> {to.ToName()}{Where(result)}.",
                cancellationToken).ConfigureAwait(false);
        }

        run.End(ProcessingOutcome.Succeeded, $"Ticket #{ticket.Id}: {from.ToName()} -> {to.ToName()} done ({result.Plan.Steps.Length} steps).");
    }

    private ValueTask FailAsync(
        Run run, TicketSnapshot ticket, RolloutProgress from, RolloutProgress to, string message, CancellationToken cancellationToken) =>
        RecordFailedAsync(run, ticket, ticket.RolloutProgress, from, to, message, cancellationToken);

    private async ValueTask RecordFailedAsync(
        Run run, TicketSnapshot ticket, RolloutProgress current, RolloutProgress from, RolloutProgress to, string message, CancellationToken cancellationToken)
    {
        // SPEC §2.1 row 20: the failed transition (from, to) and the message are recorded. A request from Failed (a
        // revert, retry or reject that could not be carried out) keeps the ticket's last failed transition, so that the
        // admin's choices stay the same; (Failed, to) is no transition that rows 21 to 23 could revert or retry.
        var failure = from != RolloutProgress.Failed
            ? new FailedTransition(from, to, message)
            : ticket.FailedTransition is { } previous ? previous with { Message = message } : null;
        var choices = failure is { } recorded
            ? $"an admin may revert it to {recorded.From.ToName()}, retry {recorded.To.ToName()}, or reject it."
            : "its earlier failed transition is unknown, so an admin may only reject it.";
        if (failure?.From == RolloutProgress.StageRollout)
        {
            choices += " Until then it keeps the stage-rollout slot of its major release.";
        }

        await _gateway.AddCommentAsync(
            ticket.Id,
            $"The repository could not carry out {from.ToName()} -> {to.ToName()}: {message} The ticket is now Failed; {choices}",
            cancellationToken).ConfigureAwait(false);
        if (current != RolloutProgress.Failed
            && await _gateway.TrySetRolloutProgressAsync(ticket.Id, current, RolloutProgress.Failed, failure, cancellationToken).ConfigureAwait(false))
        {
            run.Transitions.Add(new PipelineTransition(ticket.Id, current, RolloutProgress.Failed, 20));
        }

        if (ticket.Id == run.Lease.Request.TicketId)
        {
            run.End(ProcessingOutcome.Failed, $"Ticket #{ticket.Id}: {from.ToName()} -> {to.ToName()} failed: {message}");
        }
    }

    private async ValueTask SkipOutdatedAsync(Run run, TicketSnapshot ticket, CancellationToken cancellationToken)
    {
        var request = run.Lease.Request;
        var already =
            (ticket.RolloutProgress == RolloutProgress.Failed && ticket.FailedTransition is { } failed && failed.To == request.Current) ||
            (ticket.RolloutProgress == RolloutProgress.Failed && request.Previous == RolloutProgress.Failed) ||
            (ticket.RolloutProgress == RolloutProgress.Deferred && request.Current == RolloutProgress.StageRollout);
        if (already)
        {
            run.End(ProcessingOutcome.Skipped, $"Ticket #{ticket.Id}: {request} was already handled; the ticket is {ticket.RolloutProgress.ToName()}.");
            return;
        }

        await _gateway.AddCommentAsync(
            ticket.Id,
            $"The repository ignored the outdated request {request.Previous.ToName()} -> {request.Current.ToName()}: the ticket is now {ticket.RolloutProgress.ToName()}.",
            cancellationToken).ConfigureAwait(false);
        run.End(ProcessingOutcome.Skipped, $"Ticket #{ticket.Id}: {request} is outdated; the ticket is {ticket.RolloutProgress.ToName()}.");
    }

    private ResolvedTransition Resolve(ProvisioningRequest request, TicketSnapshot ticket, bool emergency)
    {
        var (from, to) = (request.Previous, request.Current);
        if (from == RolloutProgress.Failed)
        {
            // The ticket has left Failed by now: its last failed transition is what the gateway keeps (ITicketGateway).
            var failed = ticket.FailedTransition;
            if (failed is not null && to == failed.To)
            {
                // Row 22, retry: the repository action of the failed transition runs again.
                return new ResolvedTransition(failed.From, failed.To, null, IsRevert: false);
            }

            if (failed is not null && to == failed.From)
            {
                // Row 21, revert: the release stays where the failed action left it.
                return new ResolvedTransition(from, to, null, IsRevert: true);
            }

            if (to == RolloutProgress.Rejected)
            {
                // Row 23 needs no failed transition: without one, the planner clears every area the release may be in.
                return new ResolvedTransition(from, to, null, IsRevert: false);
            }

            return failed is null
                ? ResolvedTransition.Refused(
                    $"{from.ToName()} -> {to.ToName()} is refused: the ticket system did not keep the ticket's last failed transition, so the repository cannot tell "
                    + "a revert (row 21) from a retry (row 22); an ITicketGateway must keep it after the ticket leaves Failed.")
                : ResolvedTransition.Refused(
                    $"{from.ToName()} -> {to.ToName()} is refused: from Failed an admin may revert to {failed.From.ToName()}, retry {failed.To.ToName()} or reject.");
        }

        var rules = TransitionTable.FixedRulesBetween(from, to).Where(r => r.HoldsFor(emergency, _workflow.EmergencyPolicy)).ToArray();
        if (rules.Length == 0)
        {
            return ResolvedTransition.Refused(RefusalReason(from, to, emergency));
        }

        return new ResolvedTransition(from, to, null, IsRevert: false);
    }

    private static string? EmergencyProblem(ProvisioningRequest request, TicketSnapshot ticket, out bool emergency)
    {
        // The ticket's EmergencyRelease decides rows 7 and 8 and the slot bypass; the request only echoes it (SPEC §3, §6).
        var text = ticket.Field(TicketFieldNames.EmergencyRelease);
        emergency = string.Equals(text, "Yes", StringComparison.OrdinalIgnoreCase);
        if (text is not null && !emergency && !string.Equals(text, "No", StringComparison.OrdinalIgnoreCase))
        {
            return $"The ticket's {TicketFieldNames.EmergencyRelease} '{text}' is neither Yes nor No, so the repository cannot tell which transitions apply.";
        }

        return request.Emergency == emergency
            ? null
            : $"The request says Emergency_Release = {YesNo(request.Emergency)}, but the ticket's {TicketFieldNames.EmergencyRelease} is {YesNo(emergency)}; "
                + "the repository goes by the ticket and carries out no request that disagrees with it (check what the ticket system posts).";
    }

    private static string YesNo(bool value) => value ? "Yes" : "No";

    private static string RevertedMessage(TicketSnapshot ticket, RolloutProgress to) =>
        $"Ticket #{ticket.Id} reverted to {to.ToName()} (row 21); the release is still where the failed action left it, so the repository has nothing to do.";

    private static bool IsRepositorysOwn(ProvisioningRequest request)
    {
        // Row 12 is InVerification -> Deferred in the table, but the ticket system sees the person's
        // StageRollout first and then the pipeline's Deferred, so its echo says StageRollout -> Deferred.
        if (request.Previous == RolloutProgress.StageRollout && request.Current == RolloutProgress.Deferred)
        {
            return true;
        }

        var any = false;
        foreach (var rule in TransitionTable.FixedRulesBetween(request.Previous, request.Current))
        {
            if (rule.Actor != RolloutActor.Repo)
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    private string RefusalReason(RolloutProgress from, RolloutProgress to, bool emergency)
    {
        if (TransitionTable.FixedRulesBetween(from, to).Any())
        {
            return $"{from.ToName()} -> {to.ToName()} is refused: it needs EmergencyRelease = Yes and the matching emergency policy (the ticket's EmergencyRelease is {YesNo(emergency)}, the policy is {_workflow.EmergencyPolicy}).";
        }

        if (from.IsTerminal())
        {
            return $"{from.ToName()} -> {to.ToName()} is refused: {from.ToName()} is a terminal state.";
        }

        var backward = Order(to) < Order(from) && Order(to) >= 0;
        return backward
            ? $"{from.ToName()} -> {to.ToName()} is refused: backward transitions are blocked."
            : $"{from.ToName()} -> {to.ToName()} is refused: the transition table has no such transition.";
    }

    private static int Order(RolloutProgress state) => state switch
    {
        RolloutProgress.Submitted => 0,
        RolloutProgress.Unverified => 1,
        RolloutProgress.InVerification or RolloutProgress.WaitingForResponse => 2,
        RolloutProgress.Deferred => 3,
        RolloutProgress.StageRollout => 4,
        RolloutProgress.Production => 5,
        _ => -1,
    };

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


    // IsRevert: row 21, the ticket went back to To (the failed transition's from) and the repository has nothing to move.
    private readonly record struct ResolvedTransition(RolloutProgress From, RolloutProgress To, string? Illegal, bool IsRevert)
    {
        public static ResolvedTransition Refused(string reason) => new(default, default, reason, false);
    }

    private sealed class Run(RequestLease lease)
    {
        public RequestLease Lease { get; } = lease;

        public ProcessingOutcome Outcome { get; private set; } = ProcessingOutcome.Succeeded;

        public string Message { get; set; } = "";

        public List<RepositoryPlan> Plans { get; } = [];

        public List<PipelineTransition> Transitions { get; } = [];

        public void End(ProcessingOutcome outcome, string message)
        {
            Outcome = outcome;
            Message = message;
        }

        public ProcessingReport Report() =>
            new(Lease.RequestId, Lease.Request, Lease.Attempt, Outcome, Message, [.. Plans], [.. Transitions]);
    }
}
