namespace SwRel.Domain.Workflow;

/// <summary>Where an emergency release (EmergencyRelease = Yes) goes straight from Unverified (SPEC §2.1, rows 7 and 8).</summary>
public enum EmergencyPolicy
{
    /// <summary>Unverified → StageRollout (row 7). The default.</summary>
    FastStagedRollout = 0,

    /// <summary>Unverified → Production (row 8).</summary>
    StraightToProduction,
}
