namespace SwRel.Repository.Versions;

/// <summary>What a UMD release is, judged from the version it follows (SPEC §10).</summary>
public enum UmdReleaseKind
{
    /// <summary>A new major series <c>x.0.0</c>: a NonIncremental "base" release.</summary>
    Major = 0,

    /// <summary>A new minor series <c>x.y.0</c>: new functionality, interfaces kept; Incremental.</summary>
    Minor,

    /// <summary>A revision <c>x.y.z</c> with z &gt; 0: fixes; Incremental.</summary>
    Revision,
}
