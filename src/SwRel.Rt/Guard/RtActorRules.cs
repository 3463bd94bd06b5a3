using System.Collections.Immutable;
using SwRel.Domain.Workflow;
using SwRel.Rt.Setup;

namespace SwRel.Rt.Guard;

/// <summary>
/// Maps an RT user's groups to SPEC §2.1 actors and asks SwRel.Domain's transition table whether one of them may make a
/// RolloutProgress change. RT's rights are per field, so this is where a change by the wrong team is caught.
/// </summary>
internal static class RtActorRules
{
    /// <summary>The actors an RT user acts as, from the groups it is a member of.</summary>
    public static ImmutableArray<RolloutActor> ActorsOf(IEnumerable<string> groups)
    {
        var actors = ImmutableArray.CreateBuilder<RolloutActor>();
        foreach (var group in groups)
        {
            RolloutActor? actor = group switch
            {
                RtSetupDefinition.QcGroup => RolloutActor.VerificationTeam,
                RtSetupDefinition.StageRolloutGroup => RolloutActor.StageRolloutTeam,
                RtSetupDefinition.AdminGroup => RolloutActor.Admin,
                _ => null,
            };
            if (actor is { } a && !actors.Contains(a))
            {
                actors.Add(a);
            }
        }

        return actors.ToImmutable();
    }

    /// <summary>Returns whether the table has a row from <paramref name="from"/> to <paramref name="to"/> for one of the actors.</summary>
    /// <remarks>
    /// Rows 21 and 22 lead from Failed to the failed transition's source or target, which only the pipeline knows; any
    /// target passes here for an actor those rows allow, and the pipeline refuses the wrong one with its own comment.
    /// </remarks>
    public static bool Allows(RolloutProgress from, RolloutProgress to, ImmutableArray<RolloutActor> actors, bool emergencyRelease, EmergencyPolicy policy) =>
        TransitionTable.Rules.Any(rule =>
            rule.AppliesFrom(from)
            && (rule.TargetKind != TransitionTargetKind.Fixed || rule.To == to)
            && actors.Any(rule.PermitsActor)
            && rule.HoldsFor(emergencyRelease, policy));

    /// <summary>The first of the actors for whom the table has a row from <paramref name="from"/> to <paramref name="to"/>, or <see langword="null"/>.</summary>
    public static RolloutActor? ActorFor(RolloutProgress from, RolloutProgress to, ImmutableArray<RolloutActor> actors, bool emergencyRelease, EmergencyPolicy policy)
    {
        foreach (var actor in actors)
        {
            if (Allows(from, to, [actor], emergencyRelease, policy))
            {
                return actor;
            }
        }

        return null;
    }

    /// <summary>The targets the table offers from <paramref name="from"/> to one of the actors, for the refusal's comment.</summary>
    public static ImmutableArray<string> AllowedTargets(RolloutProgress from, ImmutableArray<RolloutActor> actors, bool emergencyRelease, EmergencyPolicy policy) =>
        [.. TransitionTable.Rules
            .Where(rule => rule.AppliesFrom(from) && actors.Any(rule.PermitsActor) && rule.HoldsFor(emergencyRelease, policy))
            .Select(rule => rule.To?.ToString() ?? (rule.TargetKind == TransitionTargetKind.FailedTransitionSource ? "the failed transition's source" : "the failed transition's target"))
            .Distinct()];
}
