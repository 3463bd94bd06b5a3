namespace SwRel.Domain.Workflow;

/// <summary>Who asks for a transition, and what they give with it.</summary>
/// <param name="Actor">The actor asking (SPEC §2.1 actor column).</param>
/// <param name="Reason">
/// The reason, where the row needs one (rejections, Ignored, NotPublished); for row 20 the message
/// of the failed repository action.
/// </param>
/// <param name="ActorName">The person or daemon recorded in the state history; the actor's name when null.</param>
public readonly record struct TransitionContext(RolloutActor Actor, string? Reason = null, string? ActorName = null)
{
    /// <summary>Gets the name written to the state history.</summary>
    public string HistoryActor => string.IsNullOrWhiteSpace(ActorName) ? ActorText(Actor) : ActorName;

    internal static string ActorText(RolloutActor actor) => actor switch
    {
        RolloutActor.VerificationTeam => "VerificationTeam",
        RolloutActor.StageRolloutTeam => "StageRolloutTeam",
        RolloutActor.Repo => "Repo",
        RolloutActor.Admin => "Admin",
        _ => actor.ToString(),
    };
}
