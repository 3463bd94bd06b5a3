namespace SwRel.Repository.Layout;

/// <summary>An area of the repository a release can be in (SPEC §11).</summary>
public enum RepositoryArea
{
    /// <summary>The unverified area (<c>sw/unverified/…</c>): the release from Unverified until it enters StageRollout.</summary>
    Unverified = 0,

    /// <summary>The stage-rollout area (<c>sw/stagerollout/…</c>).</summary>
    StageRollout,

    /// <summary>The production area (<c>sw/production/…</c>): shared <c>base</c> and <c>updates</c> folders.</summary>
    Production,
}
