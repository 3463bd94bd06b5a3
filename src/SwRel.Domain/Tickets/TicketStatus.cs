namespace SwRel.Domain.Tickets;

/// <summary>The RT ticket status, coupled to RolloutProgress (SPEC §2.2).</summary>
/// <remarks>RT's <c>deleted</c> and <c>stalled</c> do not apply to release tickets and are refused when parsed.</remarks>
public enum TicketStatus
{
    /// <summary>A new ticket (RolloutProgress Submitted, no owner yet).</summary>
    New = 0,

    /// <summary>An owner was set; work is under way.</summary>
    Open,

    /// <summary>RT-level rejection: a faulty, invalid or duplicate ticket. Allowed only while Submitted; moves RolloutProgress to Rejected.</summary>
    Rejected,

    /// <summary>The ticket reached a terminal RolloutProgress; synchronised back to GGUS.</summary>
    Resolved,
}
