using System.Collections.Immutable;
using SwRel.Domain.Workflow;

namespace SwRel.Pipeline;

/// <summary>A ticket as an <see cref="ITicketGateway"/> reads it: its RolloutProgress and its other fields as text.</summary>
/// <param name="Id">The ticket's number.</param>
/// <param name="RolloutProgress">The ticket's current RolloutProgress.</param>
/// <param name="RolloutProgressSinceUtc">When the ticket entered its current RolloutProgress (orders Deferred tickets, oldest first).</param>
/// <param name="Fields">The other fields by name (<see cref="TicketFieldNames"/>), as the ticket system holds them; a missing field is absent.</param>
/// <param name="FailedTransition">
/// The ticket's last failed transition: the one recorded when the ticket last entered Failed (row 20). It is kept after
/// the ticket leaves Failed, until the next failure replaces it, because the pipeline needs it to carry out the admin's
/// revert, retry or reject (rows 21 to 23) after the admin has moved the ticket. <see langword="null"/> when the ticket
/// never failed.
/// </param>
/// <remarks>Immutable: a snapshot; the ticket may change after it was read.</remarks>
public sealed record TicketSnapshot(
    int Id,
    RolloutProgress RolloutProgress,
    DateTimeOffset RolloutProgressSinceUtc,
    ImmutableDictionary<string, string> Fields,
    FailedTransition? FailedTransition)
{
    /// <summary>Returns a field's value, or <see langword="null"/> when the field is missing or blank.</summary>
    /// <param name="name">The field's name.</param>
    /// <returns>The trimmed value, or <see langword="null"/>.</returns>
    public string? Field(string name) =>
        Fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
