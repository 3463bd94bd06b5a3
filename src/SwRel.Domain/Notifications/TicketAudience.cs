using System.Collections.Immutable;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Notifications;

/// <summary>
/// Whom a ticket system keeps informed about a ticket once it has entered a state and the repository answered OK
/// (SPEC §4): the CC groups, the AdminCc group, the standing owner of the phase and the mandatory watchers.
/// </summary>
/// <remarks>
/// Immutable. Obtain one from <see cref="RolloutWorkflow.Audience"/>, which reads the configured matrix, owners and
/// watchers. A ticket system sets the CC groups from scratch (purge, then add) on each change.
/// </remarks>
/// <param name="Entered">The state the ticket entered.</param>
/// <param name="CcGroups">The CC groups the ticket has in that state, the major-release placeholder resolved.</param>
/// <param name="AdminCc">The group that is AdminCc on every change.</param>
/// <param name="StandingOwner">The owner of the phase (a task leader), or <see langword="null"/> when the phase has none and the owner stays.</param>
/// <param name="MandatoryWatchers">The watchers every ticket has and that cannot be removed.</param>
public sealed record TicketAudience(
    RolloutProgress Entered,
    ImmutableArray<string> CcGroups,
    string AdminCc,
    string? StandingOwner,
    ImmutableArray<string> MandatoryWatchers);
