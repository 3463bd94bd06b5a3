using System.Collections.Immutable;

namespace SwRel.Server.Requests;

/// <summary>An invalid request naming a ticket, with every message the caller got.</summary>
internal sealed record InvalidRequestNotice(int TicketId, ImmutableArray<string> Errors, DateTimeOffset ReceivedAtUtc);
