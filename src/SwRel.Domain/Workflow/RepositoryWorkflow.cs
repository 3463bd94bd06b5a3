using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using SwRel.Domain.Requests;
using SwRel.Domain.Tickets;

namespace SwRel.Domain.Workflow;

/// <summary>
/// Every decision the repository makes about a transition request (SPEC §12), from the transition table: apply a row,
/// defer (row 12b), move the oldest Deferred ticket on (row 15), or fail with a reason and the follow-ups that can
/// succeed (row 20). The pipeline carries the decisions out (leases, locks, ticket-system calls, plans).
/// </summary>
/// <remarks>
/// <para>
/// The ticket decides: its EmergencyRelease, not the request's Emergency_Release, selects rows 7 and 8 and the slot
/// bypass, and a request that disagrees with the ticket fails. A request from Failed is resolved with the ticket's last
/// failed transition, which the ticket system keeps after the ticket left Failed: a retry (row 22) carries the failed
/// transition out again, a revert (row 21) moves nothing, a reject (row 23) clears the release.
/// </para>
/// <para>
/// The stage-rollout slot is held as <see cref="StageRolloutSlot"/> defines it. Only a row-11 entry into a taken slot is
/// deferred (row 12b); any other entry (row 7 with <see cref="WorkflowOptions.EmergencyBypassesSlot"/> off, a revert or
/// retry from Failed) fails. Stateless after construction and thread-safe.
/// </para>
/// </remarks>
public sealed class RepositoryWorkflow
{
    private readonly EmergencyPolicy _policy;
    private readonly bool _emergencyBypassesSlot;

    /// <summary>Creates the decisions for the workflow's options.</summary>
    /// <param name="options">The emergency policy and the slot bypass are read; validated at start by <see cref="WorkflowOptionsValidator"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public RepositoryWorkflow(IOptions<WorkflowOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _policy = options.Value.EmergencyPolicy;
        _emergencyBypassesSlot = options.Value.EmergencyBypassesSlot;
    }

    /// <summary>Decides what the repository does for <paramref name="request"/> on <paramref name="ticket"/>.</summary>
    /// <param name="request">The transition request, as queued.</param>
    /// <param name="ticket">The request's ticket, as read just now.</param>
    /// <param name="majorReleaseTickets">
    /// After a <see cref="RepositoryDecisionKind.ConsultSlot"/> decision: the tickets of the major release in each of
    /// <see cref="StageRolloutSlot.RelevantStates"/>, read under the slot's lock. <see langword="null"/> the first time.
    /// </param>
    /// <returns>The decision; never <see cref="RepositoryDecisionKind.ConsultSlot"/> when <paramref name="majorReleaseTickets"/> is given.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ticket"/> is null.</exception>
    /// <exception cref="ArgumentException">The ticket is not the request's.</exception>
    public RepositoryDecision Decide(TransitionRequest request, TicketSnapshot ticket, IReadOnlyCollection<TicketSnapshot>? majorReleaseTickets = null)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (ticket.Id != request.TicketId)
        {
            throw new ArgumentException($"The ticket is #{ticket.Id}, the request's is #{request.TicketId}.", nameof(ticket));
        }

        var (previous, current) = (request.Previous, request.Current);
        if (IsRepositorysOwn(previous, current))
        {
            // The ticket system posts a request for every change, the repository's own included (rows 12, 12b, 15, 20).
            return Ignore(ticket, $"Ticket #{ticket.Id}: {previous.ToName()} -> {current.ToName()} is the repository's own change; nothing to do.");
        }

        if (ticket.RolloutProgress != current)
        {
            return Outdated(request, ticket);
        }

        if (!ticket.Problems.IsEmpty)
        {
            return Fail(ticket, previous, current, string.Join(" ", ticket.Problems), refused: false);
        }

        if (request.EmergencyRelease != ticket.EmergencyRelease)
        {
            return Fail(
                ticket,
                previous,
                current,
                $"The request says Emergency_Release = {YesNo(request.EmergencyRelease)}, but the ticket's EmergencyRelease is {YesNo(ticket.EmergencyRelease)}; "
                + "the repository goes by the ticket and carries out no request that disagrees with it (check what the ticket system posts).",
                refused: false);
        }

        if (Resolve(previous, current, ticket) is not { } resolved)
        {
            return Fail(ticket, previous, current, Refusal(previous, current, ticket), refused: true);
        }

        var (from, to, rule) = resolved;
        var isRevert = rule.Requires(TransitionConditions.Revert);
        var major = ticket.AssociatedMajorRelease!.Name;
        var entersSlot = to == RolloutProgress.StageRollout;

        // A ticket whose failure the ticket system did not keep may have held the slot: a reject then looks for the next Deferred ticket.
        var heldSlot = StageRolloutSlot.Holds(previous, ticket.LastFailedTransition)
            || (previous == RolloutProgress.Failed && ticket.LastFailedTransition is null);
        var slot = entersSlot || heldSlot || (isRevert && to == RolloutProgress.Deferred) ? major : null;
        if (!entersSlot)
        {
            return isRevert ? Reverted(ticket, to, slot) : Apply(ticket, from, to, rule, slot);
        }

        if (majorReleaseTickets is null)
        {
            return new RepositoryDecision
            {
                Kind = RepositoryDecisionKind.ConsultSlot,
                TicketId = ticket.Id,
                From = from,
                To = to,
                Rule = rule,
                Message = $"Ticket #{ticket.Id}: {from.ToName()} -> {to.ToName()} enters the stage-rollout slot of {major}.",
                SlotMajorRelease = major,
            };
        }

        var holders = Holders(majorReleaseTickets, except: ticket.Id);
        if (holders.Length == 0 || (ticket.EmergencyRelease && _emergencyBypassesSlot))
        {
            return isRevert ? Reverted(ticket, to, major) : Apply(ticket, from, to, rule, major);
        }

        var holderText = string.Join(", ", holders.Select(id => $"#{id}"));
        if (previous != RolloutProgress.InVerification)
        {
            var failure = Fail(
                ticket,
                previous,
                current,
                $"The stage-rollout slot of {major} is taken by ticket {holderText}{(ticket.EmergencyRelease ? " and EmergencyBypassesSlot is off" : "")}; "
                + $"only a release coming from InVerification is Deferred (row {Row12b.Label}), any other one may enter StageRollout only when the slot is free.",
                refused: false);
            return failure with { SlotMajorRelease = major };
        }

        // The ticket system saw the person's InVerification -> StageRollout (row 11), so the repository's move is row 12b.
        return new RepositoryDecision
        {
            Kind = RepositoryDecisionKind.Defer,
            TicketId = ticket.Id,
            From = RolloutProgress.StageRollout,
            To = RolloutProgress.Deferred,
            Rule = Row12b,
            Message = $"Ticket #{ticket.Id} is Deferred (row {Row12b.Label}): ticket {holderText} holds the stage-rollout slot of {major}.",
            Comment = $"The stage-rollout slot of {major} is taken by ticket {holderText}; this release is Deferred (row {Row12b.Label}) and moves into StageRollout when the slot is free (row {Row15.Label}).",
            SlotMajorRelease = major,
        };
    }

    /// <summary>Decides whether the oldest Deferred ticket of a major release moves into its free stage-rollout slot (row 15).</summary>
    /// <param name="majorReleaseTickets">
    /// The tickets of the major release in each of <see cref="StageRolloutSlot.RelevantStates"/>, read under the slot's lock;
    /// leave out Deferred tickets already tried in this pass.
    /// </param>
    /// <returns>
    /// <see cref="RepositoryDecisionKind.MoveDeferredOn"/> for the Deferred ticket that entered Deferred first (then the lowest
    /// number), when no ticket holds the slot; otherwise <see langword="null"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="majorReleaseTickets"/> is null.</exception>
    public RepositoryDecision? NextFromDeferred(IReadOnlyCollection<TicketSnapshot> majorReleaseTickets)
    {
        ArgumentNullException.ThrowIfNull(majorReleaseTickets);
        if (Holders(majorReleaseTickets, except: null).Length > 0)
        {
            return null;
        }

        var next = StageRolloutSlot.WaitingLine(majorReleaseTickets).FirstOrDefault();
        if (next is null)
        {
            return null;
        }

        var major = next.AssociatedMajorRelease?.Name ?? "its major release";
        return new RepositoryDecision
        {
            Kind = RepositoryDecisionKind.MoveDeferredOn,
            TicketId = next.Id,
            From = RolloutProgress.Deferred,
            To = RolloutProgress.StageRollout,
            Rule = Row15,
            Message = $"Ticket #{next.Id} moved from Deferred into StageRollout (row {Row15.Label}).",
            Comment = $"The stage-rollout slot of {major} is free: this release moved from Deferred into StageRollout",
            SlotMajorRelease = next.AssociatedMajorRelease?.Name,
        };
    }

    /// <summary>Decides how the failure of the repository action for <paramref name="from"/> → <paramref name="to"/> is recorded (row 20).</summary>
    /// <param name="ticket">The ticket whose action failed.</param>
    /// <param name="from">The source of the transition whose action failed.</param>
    /// <param name="to">Its target.</param>
    /// <param name="message">What went wrong, as a sentence.</param>
    /// <returns>A <see cref="RepositoryDecisionKind.Fail"/> decision; a retry is among its follow-ups, as the action may succeed when run again.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ticket"/> or <paramref name="message"/> is null.</exception>
    public RepositoryDecision ActionFailed(TicketSnapshot ticket, RolloutProgress from, RolloutProgress to, string message)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(message);
        return Fail(ticket, from, to, message, refused: false);
    }

    private static TransitionRule Row12b => TransitionTable.Row("12b");

    private static TransitionRule Row15 => TransitionTable.Row(15);

    private static bool IsRepositorysOwn(RolloutProgress previous, RolloutProgress current)
    {
        var any = false;
        foreach (var rule in TransitionTable.FixedRulesBetween(previous, current))
        {
            if (rule.Actor != RolloutActor.Repo)
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    private static RepositoryDecision Outdated(TransitionRequest request, TicketSnapshot ticket)
    {
        var state = ticket.RolloutProgress;
        var already =
            (state == RolloutProgress.Failed && ticket.LastFailedTransition is { } failed && failed.To == request.Current) ||
            (state == RolloutProgress.Failed && request.Previous == RolloutProgress.Failed) ||
            (state == RolloutProgress.Deferred && request.Current == RolloutProgress.StageRollout);

        // A crash may have come between a ticket leaving StageRollout and the next Deferred ticket moving in.
        var slot = request.Previous == RolloutProgress.StageRollout || request.Current == RolloutProgress.StageRollout
            ? ticket.AssociatedMajorRelease?.Name
            : null;
        var text = $"{request.Previous.ToName()} -> {request.Current.ToName()}";
        return already
            ? Ignore(ticket, $"Ticket #{ticket.Id}: {text} was already handled; the ticket is {state.ToName()}.") with { SlotMajorRelease = slot }
            : new RepositoryDecision
            {
                Kind = RepositoryDecisionKind.IgnoreOutdated,
                TicketId = ticket.Id,
                From = request.Previous,
                To = request.Current,
                Message = $"Ticket #{ticket.Id}: {text} is outdated; the ticket is {state.ToName()}.",
                Comment = $"The repository ignored the outdated request {text}: the ticket is now {state.ToName()}.",
                SlotMajorRelease = slot,
            };
    }

    private static RepositoryDecision Ignore(TicketSnapshot ticket, string message) =>
        new() { Kind = RepositoryDecisionKind.Ignore, TicketId = ticket.Id, From = ticket.RolloutProgress, To = ticket.RolloutProgress, Message = message };

    private static RepositoryDecision Apply(TicketSnapshot ticket, RolloutProgress from, RolloutProgress to, TransitionRule rule, string? slot) =>
        new()
        {
            Kind = RepositoryDecisionKind.Apply,
            TicketId = ticket.Id,
            From = from,
            To = to,
            Rule = rule,
            Message = $"Ticket #{ticket.Id}: {from.ToName()} -> {to.ToName()} (row {rule.Label}).",
            SlotMajorRelease = slot,
        };

    private static RepositoryDecision Reverted(TicketSnapshot ticket, RolloutProgress to, string? slot)
    {
        var row = TransitionTable.Row(21);
        return new()
        {
            Kind = RepositoryDecisionKind.Revert,
            TicketId = ticket.Id,
            From = RolloutProgress.Failed,
            To = to,
            Rule = row,
            Message = $"Ticket #{ticket.Id} reverted to {to.ToName()} (row {row.Label}); the release is still where the failed action left it, so the repository has nothing to do.",
            SlotMajorRelease = slot,
        };
    }

    // Row 20: the failed transition (from, to) and the message are recorded. A request from Failed (a revert, retry or
    // reject that could not be carried out) keeps the ticket's last failed transition, so that the admin's choices stay
    // the same; (Failed, to) is no transition that rows 21 to 23 could revert or retry.
    private static RepositoryDecision Fail(TicketSnapshot ticket, RolloutProgress from, RolloutProgress to, string message, bool refused)
    {
        var failure = from != RolloutProgress.Failed
            ? new FailedTransition(from, to, message)
            : ticket.LastFailedTransition is { } previous ? previous with { Message = message } : null;

        // Rows 21 and 22 take only a failed transition that is a row of the table; a retry of what the table refused
        // can only be refused again.
        var followUps = ImmutableArray.CreateBuilder<TransitionRule>(3);
        var isRow = failure is { } f && TransitionTable.IsRow(f.From, f.To);
        if (isRow)
        {
            followUps.Add(TransitionTable.Row(21));
            if (!refused || from == RolloutProgress.Failed)
            {
                followUps.Add(TransitionTable.Row(22));
            }
        }

        followUps.Add(TransitionTable.Row(23));
        var choices = failure is null
            ? "its earlier failed transition is unknown, so an admin may only reject it."
            : !isRow ? $"{failure.From.ToName()} -> {failure.To.ToName()} is no transition of the table, so an admin may only reject it."
            : followUps.Count == 3 ? $"an admin may revert it to {failure.From.ToName()}, retry {failure.To.ToName()}, or reject it."
            : $"an admin may revert it to {failure.From.ToName()} or reject it; a retry would be refused again.";
        if (failure is not null && StageRolloutSlot.Holds(RolloutProgress.Failed, failure))
        {
            choices += " Until then it keeps the stage-rollout slot of its major release.";
        }

        return new()
        {
            Kind = RepositoryDecisionKind.Fail,
            TicketId = ticket.Id,
            From = from,
            To = to,
            Rule = TransitionTable.Row(20),
            Message = $"Ticket #{ticket.Id}: {from.ToName()} -> {to.ToName()} failed: {message}",
            Comment = $"The repository could not carry out {from.ToName()} -> {to.ToName()}: {message} The ticket is now Failed; {choices}",
            Failure = failure,
            FollowUps = followUps.ToImmutable(),
        };
    }

    // The row the request follows and the transition the repository carries out, or null when the table refuses it.
    private (RolloutProgress From, RolloutProgress To, TransitionRule Rule)? Resolve(RolloutProgress previous, RolloutProgress current, TicketSnapshot ticket)
    {
        if (previous == RolloutProgress.Failed)
        {
            // The ticket has left Failed by now: its last failed transition is what the ticket system keeps.
            if (ticket.LastFailedTransition is { } failed && TransitionTable.IsRow(failed.From, failed.To))
            {
                if (current == failed.To)
                {
                    // Row 22, retry: the repository action of the failed transition runs again.
                    return (failed.From, failed.To, TransitionTable.Row(22));
                }

                if (current == failed.From)
                {
                    return (previous, current, TransitionTable.Row(21));
                }
            }

            // Row 23 needs no failed transition: without one, the planner clears every area the release may be in.
            return current == RolloutProgress.Rejected ? (previous, current, TransitionTable.Row(23)) : null;
        }

        foreach (var rule in TransitionTable.FixedRulesBetween(previous, current))
        {
            if (rule.HoldsFor(ticket.EmergencyRelease, _policy))
            {
                return (previous, current, rule);
            }
        }

        return null;
    }

    private string Refusal(RolloutProgress previous, RolloutProgress current, TicketSnapshot ticket)
    {
        var text = $"{previous.ToName()} -> {current.ToName()} is refused: ";
        if (previous == RolloutProgress.Failed)
        {
            return ticket.LastFailedTransition switch
            {
                null => text + "the ticket system did not keep the ticket's last failed transition, so the repository cannot tell "
                    + "a revert (row 21) from a retry (row 22); an ITicketGateway must keep it after the ticket leaves Failed.",
                { } failed when !TransitionTable.IsRow(failed.From, failed.To) =>
                    text + $"the failed transition {failed.From.ToName()} -> {failed.To.ToName()} is no transition of the table, so an admin may only reject.",
                { } failed => text + $"from Failed an admin may revert to {failed.From.ToName()}, retry {failed.To.ToName()} or reject.",
            };
        }

        if (TransitionTable.FixedRulesBetween(previous, current).Any())
        {
            return text + $"it needs EmergencyRelease = Yes and the matching emergency policy (the ticket's EmergencyRelease is {YesNo(ticket.EmergencyRelease)}, the policy is {_policy}).";
        }

        return text + RolloutWorkflow.NoRowReason(previous, current, null) + ".";
    }

    private static int[] Holders(IEnumerable<TicketSnapshot> tickets, int? except) =>
        tickets.Where(StageRolloutSlot.Holds).Select(t => t.Id).Where(id => id != except).Distinct().Order().ToArray();

    private static string YesNo(bool value) => value ? "Yes" : "No";
}
