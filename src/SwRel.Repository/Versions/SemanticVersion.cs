using System.Diagnostics.CodeAnalysis;

namespace SwRel.Repository.Versions;

/// <summary>A Semantic Versioning 2.0.0 version <c>MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]</c>, for example <c>1.0.0-rc.1+build.5</c>.</summary>
/// <remarks>
/// <para>Immutable and thread-safe. The default value is <c>0.0.0</c>.</para>
/// <para>
/// Parsing follows the grammar of semver.org: three numbers without leading zeros (up to 18446744073709551615);
/// dot-separated, non-empty pre-release identifiers of ASCII letters, digits and <c>-</c>, numeric ones without
/// leading zeros; dot-separated, non-empty build identifiers of the same characters (leading zeros allowed).
/// </para>
/// <para>
/// Equality is exact: build metadata counts, so <c>1.0.0+a</c> and <c>1.0.0+b</c> differ. Ordering
/// (<see cref="CompareTo(SemanticVersion)"/> and the operators) is SemVer precedence, with build metadata compared
/// ordinally only when the precedence is equal, so that it is a total order consistent with
/// <see cref="Equals(SemanticVersion)"/>. Precedence alone, which ignores build metadata, is
/// <see cref="VersionComparer.SemVer"/>.
/// </para>
/// </remarks>
public readonly struct SemanticVersion : IEquatable<SemanticVersion>, IComparable<SemanticVersion>, IComparable, IParsable<SemanticVersion>
{
    private readonly string? _prerelease;
    private readonly string? _build;

    private SemanticVersion(ulong major, ulong minor, ulong patch, string? prerelease, string? build)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        _prerelease = prerelease;
        _build = build;
    }

    /// <summary>Gets the major version.</summary>
    public ulong Major { get; }

    /// <summary>Gets the minor version.</summary>
    public ulong Minor { get; }

    /// <summary>Gets the patch version.</summary>
    public ulong Patch { get; }

    /// <summary>Gets the pre-release, for example <c>rc.1</c>; empty when there is none.</summary>
    public string Prerelease => _prerelease ?? "";

    /// <summary>Gets the build metadata, for example <c>build.5</c>; empty when there is none.</summary>
    public string BuildMetadata => _build ?? "";

    /// <summary>Gets whether this is a pre-release (it has a pre-release part).</summary>
    public bool IsPrerelease => !string.IsNullOrEmpty(_prerelease);

    /// <summary>Parses a semantic version.</summary>
    /// <param name="text">The text, for example <c>1.0.0-rc.1+build.5</c>.</param>
    /// <returns>The version.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not a semantic version; the message says why.</exception>
    public static SemanticVersion Parse(string text) =>
        TryParse(text, out var version, out var error) ? version : throw new FormatException(error);

    /// <summary>Tries to parse a semantic version.</summary>
    /// <param name="text">The text, for example <c>1.0.0-rc.1+build.5</c>.</param>
    /// <param name="version">The version, when the text is valid.</param>
    /// <param name="error">What is wrong with the text, when it is not valid.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a semantic version.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out SemanticVersion version, [NotNullWhen(false)] out string? error)
    {
        version = default;
        if (text is null)
        {
            error = "A semantic version is required.";
            return false;
        }

        if (!SemVerParts.TryRead(text, out var parts, out var syntax, out var where))
        {
            error = SemVerParts.Describe(syntax, text, where);
            return false;
        }

        var prerelease = parts.PrereleaseStart < 0 ? null : text.Substring(parts.PrereleaseStart, parts.PrereleaseLength);
        var build = parts.BuildStart < 0 ? null : text[parts.BuildStart..];
        version = new SemanticVersion(parts.Major, parts.Minor, parts.Patch, prerelease, build);
        error = null;
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(SemanticVersion other) =>
        Major == other.Major && Minor == other.Minor && Patch == other.Patch
        && string.Equals(Prerelease, other.Prerelease, StringComparison.Ordinal)
        && string.Equals(BuildMetadata, other.BuildMetadata, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SemanticVersion other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(
        Major, Minor, Patch, string.GetHashCode(Prerelease, StringComparison.Ordinal), string.GetHashCode(BuildMetadata, StringComparison.Ordinal));

    /// <summary>Compares by precedence, then by build metadata (ordinal, none first) when the precedence is equal.</summary>
    /// <param name="other">The version to compare with.</param>
    /// <returns>-1, 0 or 1.</returns>
    public int CompareTo(SemanticVersion other)
    {
        var order = VersionComparer.SemVer.Compare(this, other);
        return order != 0 ? order : Math.Sign(string.CompareOrdinal(BuildMetadata, other.BuildMetadata));
    }

    /// <inheritdoc/>
    static SemanticVersion IParsable<SemanticVersion>.Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc/>
    static bool IParsable<SemanticVersion>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out SemanticVersion result) =>
        TryParse(s, out result, out _);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="obj"/> is not a <see cref="SemanticVersion"/>.</exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        SemanticVersion other => CompareTo(other),
        _ => throw new ArgumentException("The object is not a SemanticVersion.", nameof(obj)),
    };

    /// <summary>Returns the version's text, for example <c>1.0.0-rc.1+build.5</c> (the same text it was parsed from).</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var core = $"{Major}.{Minor}.{Patch}";
        var withPrerelease = _prerelease is null ? core : core + "-" + _prerelease;
        return _build is null ? withPrerelease : withPrerelease + "+" + _build;
    }

    /// <summary>Whether two versions are exactly equal, build metadata included.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(SemanticVersion left, SemanticVersion right) => left.Equals(right);

    /// <summary>Whether two versions differ, build metadata included.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns><see langword="true"/> when not equal.</returns>
    public static bool operator !=(SemanticVersion left, SemanticVersion right) => !left.Equals(right);

    /// <summary>Whether <paramref name="left"/> sorts before <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The comparison's result.</returns>
    public static bool operator <(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> sorts after <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The comparison's result.</returns>
    public static bool operator >(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> sorts before or equals <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The comparison's result.</returns>
    public static bool operator <=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> sorts after or equals <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The comparison's result.</returns>
    public static bool operator >=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) >= 0;
}
