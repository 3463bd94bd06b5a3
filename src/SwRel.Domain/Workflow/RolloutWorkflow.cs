using System.Collections.Immutable;
using System.Text;
using Microsoft.Extensions.Options;
using SwRel.Domain.History;
using SwRel.Domain.Notifications;
using SwRel.Domain.Tickets;

namespace SwRel.Domain.Workflow;

/// <summary>
/// The rollout workflow: decides transitions from <see cref="TransitionTable"/>, fires them on a
/// <see cref="Ticket"/> through a Stateless machine, records history, couples the RT status,
/// computes notifications, and guards ticket field writes (SPEC §2–§5).
/// </summary>
/// <remarks>
/// Built once from validated <see cref="WorkflowOptions"/>, a stage-rollout slot port and a clock;
/// thread-safe as long as each ticket is changed by one caller at a time. Never throws for a refused
/// request: refusals come back as results with a reason.
/// </remarks>
public sealed class RolloutWorkflow
{
    private readonly ReleaseType _defaultReleaseType;
    private readonly string _adminCcGroup;
    private readonly string? _qcVerificationTaskLeader;
    private readonly string? _stageRolloutTaskLeader;
    private readonly IStageRolloutSlots _slots;
    private readonly TimeProvider _time;
    private readonly NotificationTemplate[] _templates;
    private readonly ImmutableArray<string> _mandatoryWatchers;

    /// <summary>Creates the workflow from options registered with <see cref="WorkflowServiceCollectionExtensions.AddSwRelWorkflow"/>.</summary>
    /// <param name="options">The options.</param>
    /// <param name="slots">The stage-rollout slot port.</param>
    /// <param name="timeProvider">The clock for history entries. Default: <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="OptionsValidationException">The options are not valid.</exception>
    public RolloutWorkflow(IOptions<WorkflowOptions> options, IStageRolloutSlots slots, TimeProvider? timeProvider = null)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value, slots, timeProvider)
    {
    }

    /// <summary>Creates the workflow.</summary>
    /// <param name="options">The options; validated here and copied, so later changes have no effect.</param>
    /// <param name="slots">The stage-rollout slot port.</param>
    /// <param name="timeProvider">The clock for history entries. Default: <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="OptionsValidationException">The options are not valid; the message lists every problem.</exception>
    public RolloutWorkflow(WorkflowOptions options, IStageRolloutSlots slots, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(slots);
        var validation = new WorkflowOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(WorkflowOptions), validation.Failures);
        }

        _defaultReleaseType = options.DefaultReleaseType;
        _adminCcGroup = options.AdminCcGroup;
        _qcVerificationTaskLeader = options.QcVerificationTaskLeader;
        _stageRolloutTaskLeader = options.StageRolloutTaskLeader;
        _slots = slots;
        _time = timeProvider ?? TimeProvider.System;
        EmergencyPolicy = options.EmergencyPolicy;
        EmergencyBypassesSlot = options.EmergencyBypassesSlot;
        _mandatoryWatchers = [.. options.MandatoryWatchers];
        _templates = new NotificationTemplate[RolloutProgressText.All.Count];
        foreach (var state in RolloutProgressText.All)
        {
            var rule = options.Notifications.GetValueOrDefault(state);
            var groups = rule?.CcGroups is { } list ? list.ToImmutableArray() : ImmutableArray<string>.Empty;
            var hasPlaceholder = false;
            foreach (var group in groups)
            {
                hasPlaceholder |= group.Contains(WorkflowOptions.MajorReleasePlaceholder, StringComparison.Ordinal);
            }

            _templates[(int)state] = new NotificationTemplate(rule?.Notify ?? NotificationRecipients.None, groups, hasPlaceholder, rule?.IncludeReason ?? false);
        }
    }

    /// <summary>Gets the emergency policy in force.</summary>
    public EmergencyPolicy EmergencyPolicy { get; }

    /// <summary>Gets whether an emergency release may enter StageRollout while the slot is taken.</summary>
    public bool EmergencyBypassesSlot { get; }

    /// <summary>Gets the clock used for history entries.</summary>
    public TimeProvider TimeProvider => _time;

    /// <summary>Creates a new Submitted ticket with its first history entry, the default ReleaseType and the mandatory watchers.</summary>
    /// <param name="id">The ticket number; positive.</param>
    /// <param name="associatedMajorRelease">The major release.</param>
    /// <param name="submittedBy">Who submitted it (recorded in the history).</param>
    /// <returns>The ticket.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is not positive.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="associatedMajorRelease"/> or <paramref name="submittedBy"/> is null.</exception>
    public Ticket CreateTicket(int id, MajorRelease associatedMajorRelease, string submittedBy)
    {
        ArgumentNullException.ThrowIfNull(submittedBy);
        var ticket = new Ticket(id, associatedMajorRelease)
        {
            ReleaseType = _defaultReleaseType,
            Watchers = _mandatoryWatchers,
        };
        ticket.History = ticket.History.Append(new StateHistoryEntry(RolloutProgress.Submitted, _time.GetUtcNow().ToUniversalTime(), submittedBy));
        return ticket;
    }

    /// <summary>Loads a ticket from its stored values, like <see cref="Ticket.FromRecord"/>, and adds the configured mandatory watchers it lacks.</summary>
    /// <param name="record">The stored values.</param>
    /// <returns>The ticket; its watchers are the record's, then each missing mandatory watcher (SPEC §4: "always present").</returns>
    /// <remarks>Use this rather than <see cref="Ticket.FromRecord"/>, which knows no options: a record saved before a watcher became mandatory lacks it.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The id is not positive or the state is not defined.</exception>
    public Ticket LoadTicket(TicketRecord record)
    {
        var ticket = Ticket.FromRecord(record);
        ImmutableArray<string>.Builder? watchers = null;
        foreach (var mandatory in _mandatoryWatchers)
        {
            if (!ticket.Watchers.Contains(mandatory, StringComparer.OrdinalIgnoreCase))
            {
                (watchers ??= ticket.Watchers.ToBuilder()).Add(mandatory);
            }
        }

        if (watchers is not null)
        {
            ticket.Watchers = watchers.ToImmutable();
        }

        return ticket;
    }

    /// <summary>Creates a Stateless machine bound to <paramref name="ticket"/>, whose state it reads and writes (external state storage).</summary>
    /// <param name="ticket">The ticket.</param>
    /// <returns>The machine; reuse it for further transitions of the same ticket.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ticket"/> is null.</exception>
    public RolloutMachine CreateMachine(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new RolloutMachine(this, ticket);
    }

    /// <summary>Moves <paramref name="ticket"/> to <paramref name="target"/> when the table permits it; otherwise returns the refusal.</summary>
    /// <param name="ticket">The ticket.</param>
    /// <param name="target">The requested state.</param>
    /// <param name="context">Who asks, with the reason where needed.</param>
    /// <returns>The applied transition, or the refusal with its reason; never throws for a refused request.</returns>
    /// <remarks>
    /// Builds a one-shot Stateless machine over the ticket, configured with the rows that leave its
    /// current state. To move one ticket several times, build a full machine once with <see cref="CreateMachine"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="ticket"/> is null.</exception>
    public TransitionResult Fire(Ticket ticket, RolloutProgress target, TransitionContext context)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new RolloutMachine(this, ticket, currentStateOnly: true).Fire(target, context);
    }

    /// <summary>Decides whether <paramref name="ticket"/> may move to <paramref name="target"/>, without changing it.</summary>
    /// <param name="ticket">The ticket.</param>
    /// <param name="target">The requested state.</param>
    /// <param name="context">Who asks, with the reason where needed.</param>
    /// <returns>The permitting row, or the reason for refusal.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ticket"/> is null.</exception>
    public TransitionDecision Evaluate(Ticket ticket, RolloutProgress target, TransitionContext context)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var from = ticket.RolloutProgress;
        if (!Enum.IsDefined(target))
        {
            return new(from, target, null, $"{(int)target} is not a RolloutProgress state.");
        }

        string? firstReason = null;
        List<string>? reasons = null;
        foreach (var rule in TransitionTable.Rules)
        {
            if (!IsCandidate(rule, ticket, target))
            {
                continue;
            }

            var reason = Check(rule, ticket, context);
            if (reason is null)
            {
                return new(from, target, rule, null);
            }

            if (firstReason is null)
            {
                firstReason = reason;
            }
            else
            {
                (reasons ??= [firstReason]).Add(reason);
            }
        }

        var refusal = reasons is not null ? string.Join("; ", reasons) : firstReason ?? NoRowReason(from, target, ticket.FailedTransition);
        return new(from, target, null, refusal);
    }

    /// <summary>Returns the states <paramref name="ticket"/> may move to now, for <paramref name="context"/>.</summary>
    /// <param name="ticket">The ticket.</param>
    /// <param name="context">Who asks, with the reason where needed.</param>
    /// <returns>The permitted targets, in state order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ticket"/> is null.</exception>
    public IReadOnlyList<RolloutProgress> PermittedTargets(Ticket ticket, TransitionContext context)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var targets = new List<RolloutProgress>();
        foreach (var state in RolloutProgressText.All)
        {
            if (Evaluate(ticket, state, context).IsPermitted)
            {
                targets.Add(state);
            }
        }

        return targets;
    }

    /// <summary>Builds the notifications for <paramref name="ticket"/> entering <paramref name="entered"/> (SPEC §4).</summary>
    /// <param name="ticket">The ticket.</param>
    /// <param name="entered">The state entered.</param>
    /// <param name="reason">The transition's reason, passed on where the matrix says so.</param>
    /// <returns>The notification set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ticket"/> is null.</exception>
    public NotificationSet Notifications(Ticket ticket, RolloutProgress entered, string? reason)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var template = _templates[(int)entered];
        return new NotificationSet(entered, template.Recipients, CcGroups(entered, ticket.AssociatedMajorRelease.Name), _adminCcGroup, template.IncludeReason ? reason : null);
    }

    /// <summary>Returns whom a ticket system keeps informed about a ticket of <paramref name="majorRelease"/> once it entered <paramref name="entered"/> and the repository answered OK (SPEC §4).</summary>
    /// <param name="entered">The state entered.</param>
    /// <param name="majorRelease">The ticket's AssociatedMajorRelease, or <see langword="null"/> when it has none (CC groups naming the major release are then left out).</param>
    /// <returns>The CC groups, the AdminCc group, the standing owner and the mandatory watchers.</returns>
    /// <remarks>The same matrix, owners and watchers as <see cref="Notifications"/> and <see cref="Fire"/> use.</remarks>
    public TicketAudience Audience(RolloutProgress entered, MajorRelease? majorRelease) =>
        new(entered, CcGroups(entered, majorRelease?.Name), _adminCcGroup, StandingOwner(entered), _mandatoryWatchers);

    private ImmutableArray<string> CcGroups(RolloutProgress entered, string? majorRelease)
    {
        var template = _templates[(int)entered];
        var groups = template.CcGroups;
        if (!template.HasPlaceholder)
        {
            return groups;
        }

        var builder = ImmutableArray.CreateBuilder<string>(groups.Length);
        foreach (var group in groups)
        {
            if (group.Contains(WorkflowOptions.MajorReleasePlaceholder, StringComparison.Ordinal))
            {
                if (majorRelease is not null)
                {
                    builder.Add(group.Replace(WorkflowOptions.MajorReleasePlaceholder, majorRelease, StringComparison.Ordinal));
                }
            }
            else
            {
                builder.Add(group);
            }
        }

        return builder.ToImmutable();
    }

    // SPEC §4: the standing owner of each phase.
    private string? StandingOwner(RolloutProgress state) => state switch
    {
        RolloutProgress.InVerification or RolloutProgress.WaitingForResponse => _qcVerificationTaskLeader,
        RolloutProgress.StageRollout => _stageRolloutTaskLeader,
        _ => null,
    };

    /// <summary>
    /// Applies the repository's CommunicationStatus answer for a change: on OK the ticket's CC groups are
    /// purged and replaced by the set's; on any other answer they stay (SPEC §4).
    /// </summary>
    /// <param name="ticket">The ticket.</param>
    /// <param name="notifications">The notification set of the change.</param>
    /// <param name="communicationStatus">The repository's answer.</param>
    /// <returns><see langword="true"/> when the CC groups were recomputed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ticket"/> or <paramref name="notifications"/> is null.</exception>
    public bool ApplyCommunicationStatus(Ticket ticket, NotificationSet notifications, string? communicationStatus)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(notifications);
        ticket.CcGroups = notifications.ResolveCcGroups(ticket.CcGroups, communicationStatus);
        return NotificationSet.IsOk(communicationStatus);
    }

    /// <summary>Writes a ticket field when <paramref name="writer"/> may write it and the value is valid (SPEC §3, §2.2).</summary>
    /// <param name="ticket">The ticket.</param>
    /// <param name="field">The field.</param>
    /// <param name="value">The value as text (null or empty clears a nullable field).</param>
    /// <param name="writer">Who writes.</param>
    /// <returns>The outcome; a refusal names the field, the writer and who may write it, or what is wrong with the value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ticket"/> is null.</exception>
    public FieldWriteResult WriteField(Ticket ticket, TicketField field, string? value, TicketWriter writer)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return TicketFieldRules.Write(this, ticket, field, value, writer, _mandatoryWatchers);
    }

    internal static bool IsCandidate(TransitionRule rule, Ticket ticket, RolloutProgress target)
    {
        if (!rule.AppliesFrom(ticket.RolloutProgress))
        {
            return false;
        }

        return rule.TargetKind switch
        {
            TransitionTargetKind.Fixed => rule.To == target,
            TransitionTargetKind.FailedTransitionSource => target != RolloutProgress.Failed && (ticket.FailedTransition is not { } f || f.From == target),
            TransitionTargetKind.FailedTransitionTarget => target != RolloutProgress.Failed && (ticket.FailedTransition is not { } f2 || f2.To == target),
            _ => false,
        };
    }

    internal RolloutProgress DynamicTarget(TransitionRule rule, Ticket ticket) =>
        rule.TargetKind == TransitionTargetKind.FailedTransitionSource
            ? ticket.FailedTransition?.From ?? ticket.RolloutProgress
            : ticket.FailedTransition?.To ?? ticket.RolloutProgress;

    internal string? Check(TransitionRule rule, Ticket ticket, TransitionContext context)
    {
        if (!rule.PermitsActor(context.Actor))
        {
            return $"{RowName(rule, ticket)} is for {WhoMay(rule)}, not {TransitionContext.ActorText(context.Actor)}";
        }

        if (rule.Requires(TransitionConditions.CorrectsRow11Entry) && !EnteredFrom(ticket, RolloutProgress.InVerification))
        {
            return $"{RowName(rule, ticket)} only corrects a move InVerification → {ticket.RolloutProgress.ToName()} made while the slot was taken, and that is not the ticket's latest move";
        }

        var conditions = rule.Conditions;
        if ((conditions & TransitionConditions.ReasonRequired) != 0 && string.IsNullOrWhiteSpace(context.Reason))
        {
            return $"{RowName(rule, ticket)} needs a reason";
        }

        if ((conditions & TransitionConditions.RepositoryActionFailed) != 0 && string.IsNullOrWhiteSpace(context.Reason))
        {
            return $"{RowName(rule, ticket)} needs the message of the failed repository action";
        }

        if (!rule.HoldsFor(ticket.EmergencyRelease, EmergencyPolicy))
        {
            if (!ticket.EmergencyRelease)
            {
                return $"{RowName(rule, ticket)} is for emergency releases only, and EmergencyRelease is No";
            }

            var needed = (conditions & TransitionConditions.EmergencyFastStagedRollout) != 0
                ? EmergencyPolicy.FastStagedRollout
                : EmergencyPolicy.StraightToProduction;
            return $"{RowName(rule, ticket)} needs the emergency policy {needed}, but the policy is {EmergencyPolicy}";
        }

        if ((conditions & TransitionConditions.VerificationReportSet) != 0 && ticket.VerificationReport is null)
        {
            return $"{RowName(rule, ticket)} needs the VerificationReport to be set";
        }

        if ((conditions & TransitionConditions.StageRolloutReportSet) != 0 && ticket.StageRolloutReport is null)
        {
            return $"{RowName(rule, ticket)} needs the StageRolloutReport to be set (all early-adopter reports evaluated)";
        }

        // The slot holds for every row whose target is StageRollout, the revert and retry of rows 21 and 22 included.
        if ((rule.To ?? DynamicTarget(rule, ticket)) == RolloutProgress.StageRollout
            && !(ticket.EmergencyRelease && EmergencyBypassesSlot)
            && _slots.IsTaken(ticket.AssociatedMajorRelease.Name, ticket.Id))
        {
            var major = ticket.AssociatedMajorRelease.Name;
            return rule.From switch
            {
                RolloutProgress.InVerification =>
                    $"the stage-rollout slot of {major} is taken by another release, so the ticket goes to Deferred instead (row 12, asked by Repo)",
                RolloutProgress.Deferred => $"the stage-rollout slot of {major} is still taken by another release, so the ticket stays Deferred",
                RolloutProgress.Failed =>
                    $"{RowName(rule, ticket)} would put a second release of {major} into StageRollout: the slot is taken by another release, so the ticket stays Failed until the slot is free (or is rejected, row 23)",
                _ => $"the stage-rollout slot of {major} is taken by another release and EmergencyBypassesSlot is off",
            };
        }

        if ((conditions & TransitionConditions.StageRolloutSlotTaken) != 0
            && !_slots.IsTaken(ticket.AssociatedMajorRelease.Name, ticket.Id))
        {
            return ticket.RolloutProgress == RolloutProgress.StageRollout
                ? $"{RowName(rule, ticket)} needs another release of {ticket.AssociatedMajorRelease.Name} in StageRollout, but the slot is free, so the ticket stays in StageRollout"
                : $"{RowName(rule, ticket)} needs another release of {ticket.AssociatedMajorRelease.Name} in StageRollout, but the slot is free (row 11 moves the ticket to StageRollout)";
        }

        if ((conditions & (TransitionConditions.Revert | TransitionConditions.Retry)) != 0)
        {
            if (ticket.FailedTransition is not { } failed)
            {
                return $"{RowName(rule, ticket)} needs a recorded failed transition, and none is recorded";
            }

            if (!TransitionTable.IsRow(failed.From, failed.To))
            {
                return $"{RowName(rule, ticket)} needs a recorded failed transition that is a row of the transition table, and {failed.From.ToName()} → {failed.To.ToName()} is not one";
            }
        }

        return null;
    }

    internal TransitionResult Complete(Ticket ticket, TransitionDecision decision, TransitionContext context, RolloutProgress from)
    {
        var target = ticket.RolloutProgress;
        var now = _time.GetUtcNow().ToUniversalTime();
        var history = ticket.History;
        if (history.Current is { } last && last.EnteredAtUtc > now)
        {
            // A clock that went backwards must not break the history's order.
            now = last.EnteredAtUtc;
        }

        if (target == RolloutProgress.Failed)
        {
            var (failedFrom, failedTo) = LastTransition(ticket, from);
            ticket.LastFailedTransition = new FailedTransition(failedFrom, failedTo, context.Reason ?? string.Empty);
        }

        var entry = new StateHistoryEntry(target, now, context.HistoryActor);
        ticket.History = history.Append(entry);

        var synchronise = false;
        if (target.IsTerminal())
        {
            synchronise = ticket.Status != TicketStatus.Resolved || !from.IsTerminal();
            ticket.Status = TicketStatus.Resolved;
        }
        else if (ticket.Status is TicketStatus.Resolved or TicketStatus.Rejected)
        {
            ticket.Status = TicketStatus.Open;
        }

        var standingOwner = StandingOwner(target);
        if (standingOwner is not null)
        {
            ticket.Owner = standingOwner;
        }

        if (ticket.Owner is not null && ticket.Status == TicketStatus.New)
        {
            ticket.Status = TicketStatus.Open;
        }

        return TransitionResult.Applied(decision, entry, Notifications(ticket, target, context.Reason), ticket.Status, synchronise);
    }

    // Row 20: the transition whose repository action failed is the one that brought the ticket into
    // `state`, read from the history. Right after the ticket left Failed (a retry re-runs the failed
    // transition, a revert returns to where it started, a rejection clears it) it is the failed
    // transition recorded before, as the pipeline records it: (Failed, X) is nothing rows 21 and 22
    // could use. After row 12b's correction (…, InVerification, StageRollout, Deferred) it is row 12.
    private static (RolloutProgress From, RolloutProgress To) LastTransition(Ticket ticket, RolloutProgress state)
    {
        var entries = ticket.History.Entries;
        if (entries.Length < 2 || entries[^1].State != state)
        {
            return (state, state);
        }

        var before = entries[^2].State;
        if (before == RolloutProgress.Failed && ticket.LastFailedTransition is { } failed)
        {
            return (failed.From, failed.To);
        }

        if (before == RolloutProgress.StageRollout && state == RolloutProgress.Deferred && entries.Length >= 3)
        {
            // Row 12b's correction: the entry into StageRollout never took the slot, so the move counts from where it started.
            return (entries[^3].State, state);
        }

        return (before, state);
    }

    // Whether the ticket's latest move was from `source` into its current state.
    private static bool EnteredFrom(Ticket ticket, RolloutProgress source)
    {
        var entries = ticket.History.Entries;
        return entries.Length >= 2 && entries[^1].State == ticket.RolloutProgress && entries[^2].State == source;
    }

    internal static string RowName(TransitionRule rule, Ticket ticket)
    {
        var from = (rule.From ?? ticket.RolloutProgress).ToName();
        var to = rule.TargetKind switch
        {
            TransitionTargetKind.Fixed => rule.To!.Value.ToName(),
            TransitionTargetKind.FailedTransitionSource => ticket.FailedTransition?.From.ToName() ?? "the failed transition's source",
            _ => ticket.FailedTransition?.To.ToName() ?? "the failed transition's target",
        };
        return $"row {rule.Label} ({from} → {to})";
    }

    internal static string WhoMay(TransitionRule rule) => rule.Actor switch
    {
        RolloutActor.Repo => "Repo only",
        RolloutActor.Admin => "Admin only",
        _ => $"{TransitionContext.ActorText(rule.Actor)} or Admin",
    };

    // Why the table has no row from `from` to `target`; shared with the repository's decisions (RepositoryWorkflow).
    internal static string NoRowReason(RolloutProgress from, RolloutProgress target, FailedTransition? failedTransition)
    {
        if (from == target)
        {
            return $"the ticket is already {from.ToName()}";
        }

        if (from.IsTerminal())
        {
            return $"{from.ToName()} is terminal: no one moves a ticket out of it; only the repository may report that the action for entering it failed (row 20)";
        }

        if (from == RolloutProgress.Failed)
        {
            return failedTransition is { } failed
                ? $"from Failed an admin may only revert to {failed.From.ToName()} (row 21), retry into {failed.To.ToName()} (row 22) or reject (row 23), not go to {target.ToName()}"
                : $"from Failed an admin may only revert, retry or reject (rows 21 to 23), not go to {target.ToName()}";
        }

        if (Rank(target) < Rank(from))
        {
            return $"backward transitions are blocked: {from.ToName()} → {target.ToName()}";
        }

        var allowed = new StringBuilder();
        foreach (var rule in TransitionTable.Rules)
        {
            if (rule.From == from && rule.To is { } to)
            {
                allowed.Append(allowed.Length == 0 ? string.Empty : ", ").Append(to.ToName()).Append(" (row ").Append(rule.Label).Append(')');
            }
        }

        return $"the transition table has no row {from.ToName()} → {target.ToName()}; from {from.ToName()} it allows {allowed} and Failed (row 20)";
    }

    // How far along the workflow a state is; moving to a lower rank is "backward".
    private static int Rank(RolloutProgress state) => state switch
    {
        RolloutProgress.Submitted => 0,
        RolloutProgress.Unverified => 1,
        RolloutProgress.InVerification or RolloutProgress.WaitingForResponse => 2,
        RolloutProgress.Deferred => 3,
        RolloutProgress.StageRollout => 4,
        RolloutProgress.Failed => 6,
        _ => 5,
    };
}
