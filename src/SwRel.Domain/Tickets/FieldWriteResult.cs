using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tickets;

/// <summary>The outcome of writing a ticket field: done, or refused with a message naming the field, the writer and the rule.</summary>
/// <param name="Field">The field written.</param>
/// <param name="Error">Why the write was refused; <see langword="null"/> when it succeeded.</param>
/// <param name="Transition">
/// The RolloutProgress change the write caused, if any (an RT <c>rejected</c> status moves a Submitted ticket to Rejected).
/// </param>
public sealed record FieldWriteResult(TicketField Field, string? Error, TransitionResult? Transition = null)
{
    /// <summary>Gets whether the write succeeded.</summary>
    public bool Succeeded => Error is null;
}
