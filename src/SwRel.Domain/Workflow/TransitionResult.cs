using SwRel.Domain.History;
using SwRel.Domain.Notifications;
using SwRel.Domain.Tickets;

namespace SwRel.Domain.Workflow;

/// <summary>The outcome of firing a transition: applied (with its history entry and notifications) or refused (with the reason).</summary>
/// <remarks>Immutable. A refused transition changes nothing on the ticket.</remarks>
public sealed class TransitionResult
{
    private TransitionResult(TransitionDecision decision, StateHistoryEntry? entry, NotificationSet? notifications, TicketStatus status, bool synchronise)
    {
        Decision = decision;
        HistoryEntry = entry;
        Notifications = notifications;
        Status = status;
        SynchroniseToGgus = synchronise;
    }

    /// <summary>Gets the decision: the row that permitted the transition, or the reason it was refused.</summary>
    public TransitionDecision Decision { get; }

    /// <summary>Gets whether the ticket moved.</summary>
    public bool IsApplied => Decision.IsPermitted;

    /// <summary>Gets why the transition was refused; null when applied.</summary>
    public string? Reason => Decision.Reason;

    /// <summary>Gets the history entry recorded; null when refused.</summary>
    public StateHistoryEntry? HistoryEntry { get; }

    /// <summary>Gets who to notify and the new CC groups; null when refused.</summary>
    public NotificationSet? Notifications { get; }

    /// <summary>Gets the ticket's RT status after the call.</summary>
    public TicketStatus Status { get; }

    /// <summary>Gets whether the change must be synchronised back to GGUS (the ticket entered a terminal state and is resolved).</summary>
    public bool SynchroniseToGgus { get; }

    internal static TransitionResult Applied(TransitionDecision decision, StateHistoryEntry entry, NotificationSet notifications, TicketStatus status, bool synchronise) =>
        new(decision, entry, notifications, status, synchronise);

    internal static TransitionResult Refused(TransitionDecision decision, TicketStatus status) =>
        new(decision, null, null, status, false);
}
