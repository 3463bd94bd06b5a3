namespace SwRel.Rt;

/// <summary>RT refused or failed a call: names the ticket (when there is one), the call and RT's own message.</summary>
public sealed class RtException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="RtException"/> class.</summary>
    /// <param name="ticketId">The ticket the call was about, or <see langword="null"/>.</param>
    /// <param name="call">The call, for example <c>PUT /REST/2.0/ticket/12</c>.</param>
    /// <param name="rtMessage">What RT answered (its message, or the HTTP status).</param>
    /// <param name="innerException">The underlying failure, or <see langword="null"/>.</param>
    public RtException(int? ticketId, string call, string rtMessage, Exception? innerException = null)
        : base(Describe(ticketId, call, rtMessage), innerException)
    {
        TicketId = ticketId;
        Call = call;
        RtMessage = rtMessage;
    }

    /// <summary>Gets the ticket the call was about, or <see langword="null"/>.</summary>
    public int? TicketId { get; }

    /// <summary>Gets the call, method and path.</summary>
    public string Call { get; }

    /// <summary>Gets what RT answered.</summary>
    public string RtMessage { get; }

    private static string Describe(int? ticketId, string call, string rtMessage) =>
        ticketId is { } id ? $"RT ticket {id}: {call} failed: {rtMessage}" : $"RT: {call} failed: {rtMessage}";
}
