namespace SwRel.Repository.Versions;

/// <summary>A version numbering scheme that SwRel can order (SPEC §10).</summary>
public enum VersionScheme
{
    /// <summary>The UMD/EGI release scheme <c>MAJOR.MINOR.REVISION</c>.</summary>
    Umd = 0,

    /// <summary>RPM <c>[epoch:]version[-release]</c>, ordered by rpmvercmp rules.</summary>
    Rpm,

    /// <summary>Debian <c>[epoch:]upstream[-revision]</c>, ordered by dpkg rules.</summary>
    Debian,

    /// <summary>Semantic Versioning 2.0.0, ordered by precedence.</summary>
    SemVer,
}
