using SwRel.Domain.Workflow;

namespace SwRel.Domain.History;

/// <summary>One entry of a ticket's state history: a state, when it was entered, and by whom (SPEC §5).</summary>
/// <param name="State">The state entered.</param>
/// <param name="EnteredAtUtc">When the state was entered, in UTC (offset zero).</param>
/// <param name="Actor">Who made the change: a person, a team or the repository.</param>
public readonly record struct StateHistoryEntry(RolloutProgress State, DateTimeOffset EnteredAtUtc, string Actor);
