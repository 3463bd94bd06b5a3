namespace SwRel.Domain.Tickets;

/// <summary>Who writes a ticket field (SPEC §3, the written-by column).</summary>
public enum TicketWriter
{
    /// <summary>The software (technology) provider who submitted the release.</summary>
    SoftwareProvider = 0,

    /// <summary>The quality-criteria verification team.</summary>
    VerificationTeam,

    /// <summary>The stage-rollout team.</summary>
    StageRolloutTeam,

    /// <summary>The repository daemon.</summary>
    Repo,

    /// <summary>The sw-rel administrators; may write whatever a team may write.</summary>
    Admin,
}
