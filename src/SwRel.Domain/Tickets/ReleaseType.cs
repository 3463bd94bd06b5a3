namespace SwRel.Domain.Tickets;

/// <summary>How the repository handles a release (SPEC §3, ticket field ReleaseType).</summary>
public enum ReleaseType
{
    /// <summary>A whole major release: published into the production <c>base</c> folder. The default.</summary>
    NonIncremental = 0,

    /// <summary>A delta of newer packages: published into the production <c>updates</c> folder.</summary>
    Incremental,
}
