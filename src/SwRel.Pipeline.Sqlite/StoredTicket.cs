using System.Collections.Immutable;
using SwRel.Domain.Workflow;

namespace SwRel.Pipeline.Sqlite;

/// <summary>
/// A ticket as the store keeps it: its number, RolloutProgress and since when, its other fields as text by their SPEC §3
/// names, and its last failed transition. The gateway's view and the Domain's typed ticket are both made from these parts.
/// </summary>
internal sealed record StoredTicket(
    int Id,
    RolloutProgress RolloutProgress,
    DateTimeOffset RolloutProgressSinceUtc,
    ImmutableDictionary<string, string> Fields,
    FailedTransition? LastFailedTransition);
