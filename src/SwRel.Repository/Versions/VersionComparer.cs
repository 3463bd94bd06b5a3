namespace SwRel.Repository.Versions;

/// <summary>The comparer of each version scheme (SPEC §10).</summary>
/// <remarks>
/// Each comparer is a stateless, thread-safe singleton and a total order whose own equality (its
/// <c>Equals</c>/<c>GetHashCode</c>) is "compares as 0". For RPM, Debian and SemVer that equivalence is wider than
/// the value types' exact equality (for example <c>2.0</c> and <c>2_0</c> are equal for rpm; <c>1.0.0+a</c> and
/// <c>1.0.0+b</c> have the same SemVer precedence).
/// </remarks>
public static class VersionComparer
{
    /// <summary>Gets the UMD <c>MAJOR.MINOR.REVISION</c> comparer.</summary>
    public static UmdVersionComparer Umd { get; } = new();

    /// <summary>Gets the RPM comparer (epoch, version, release; rpmvercmp rules with <c>~</c> and <c>^</c>).</summary>
    public static RpmVersionComparer Rpm { get; } = new();

    /// <summary>Gets the Debian comparer (dpkg rules: epoch, upstream version, revision; <c>~</c>).</summary>
    public static DebianVersionComparer Debian { get; } = new();

    /// <summary>Gets the Semantic Versioning 2.0.0 precedence comparer (build metadata ignored).</summary>
    public static SemanticVersionComparer SemVer { get; } = new();

    /// <summary>Gets the comparer of a scheme, to compare versions from their text.</summary>
    /// <param name="scheme">The scheme.</param>
    /// <returns>The scheme's comparer.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scheme"/> is not a defined scheme.</exception>
    public static IVersionSchemeComparer For(VersionScheme scheme) => scheme switch
    {
        VersionScheme.Umd => Umd,
        VersionScheme.Rpm => Rpm,
        VersionScheme.Debian => Debian,
        VersionScheme.SemVer => SemVer,
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown version scheme."),
    };
}
