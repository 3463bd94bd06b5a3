namespace SwRel.Domain.Workflow;

/// <summary>Who asks for a RolloutProgress transition (SPEC §2.1, the actor column).</summary>
public enum RolloutActor
{
    /// <summary>The quality-criteria verification team (TSA2.3).</summary>
    VerificationTeam = 0,

    /// <summary>The stage-rollout team (TSA1.3).</summary>
    StageRolloutTeam,

    /// <summary>The repository daemon.</summary>
    Repo,

    /// <summary>The sw-rel administrators, who may do anything a team may do.</summary>
    Admin,
}
