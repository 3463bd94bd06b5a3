using System.Diagnostics.CodeAnalysis;

namespace SwRel.Repository.Versions;

/// <summary>A Debian package version <c>[epoch:]upstream[-revision]</c>, for example <c>1:2.30-1ubuntu2</c>.</summary>
/// <remarks>
/// <para>Immutable and thread-safe. The default value is the version <c>0</c>.</para>
/// <para>
/// Parsing follows dpkg's <c>parseversion</c>: leading and trailing spaces and tabs are dropped; the epoch is the
/// text before the first <c>':'</c> (a non-negative integer up to 2147483647); the revision is the text after the
/// last <c>'-'</c> and must not be empty; the upstream version must not be empty. <see cref="TryParse"/> also
/// refuses what dpkg only warns about (an upstream version not starting with a digit, characters outside Debian
/// policy); <see cref="TryParseLenient"/> accepts those, as <c>dpkg --compare-versions</c> does, and reports the
/// warning.
/// </para>
/// <para>
/// Equality is exact: two values are equal when their (trimmed) text is equal. Ordering follows dpkg
/// (<see cref="VersionComparer.Debian"/>) and breaks the ties dpkg leaves (<c>1.0</c> and <c>1.00</c>, <c>0:1</c> and
/// <c>1</c>, <c>1</c> and <c>1-0</c>) by ordinal text, so that it is a total order consistent with
/// <see cref="Equals(DebianVersion)"/>. Use <see cref="VersionComparer.Debian"/> for dpkg's own equivalence.
/// </para>
/// </remarks>
public readonly struct DebianVersion : IEquatable<DebianVersion>, IComparable<DebianVersion>, IComparable, IParsable<DebianVersion>
{
    private readonly string? _text;
    private readonly DebianParts _parts;

    private DebianVersion(string text, DebianParts parts)
    {
        _text = text;
        _parts = parts;
    }

    /// <summary>Gets the epoch; 0 when the text names none.</summary>
    public int Epoch => _parts.Epoch;

    /// <summary>Gets whether the text names an epoch.</summary>
    public bool HasEpoch => _parts.HasEpoch;

    /// <summary>Gets the upstream version, for example <c>2.30</c>.</summary>
    public string Upstream => UpstreamSpan.ToString();

    /// <summary>Gets the Debian revision, for example <c>1ubuntu2</c>, or <see langword="null"/> when the text has none.</summary>
    public string? Revision => _text is null || _parts.RevisionStart < 0 ? null : RevisionSpan.ToString();

    internal ReadOnlySpan<char> UpstreamSpan => _text is null ? "0" : _parts.Upstream(_text);

    internal ReadOnlySpan<char> RevisionSpan => _text is null ? default : _parts.Revision(_text);

    /// <summary>Parses a Debian version strictly (dpkg's errors and warnings both refuse it).</summary>
    /// <param name="text">The text, for example <c>1:2.30-1ubuntu2</c>.</param>
    /// <returns>The version.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not a Debian version; the message says why.</exception>
    public static DebianVersion Parse(string text) =>
        TryParse(text, out var version, out var error) ? version : throw new FormatException(error);

    /// <summary>Tries to parse a Debian version strictly (dpkg's errors and warnings both refuse it).</summary>
    /// <param name="text">The text, for example <c>1:2.30-1ubuntu2</c>.</param>
    /// <param name="version">The version, when the text is valid.</param>
    /// <param name="error">What is wrong with the text, when it is not valid.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a Debian version.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out DebianVersion version, [NotNullWhen(false)] out string? error)
        => TryRead(text, lenient: false, out version, out error);

    /// <summary>
    /// Tries to parse a Debian version as <c>dpkg --compare-versions</c> does: what dpkg only warns about
    /// (an upstream version not starting with a digit, characters outside Debian policy) is accepted and reported.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="version">The version, when the text is accepted.</param>
    /// <param name="error">What is wrong with the text, when it is refused.</param>
    /// <param name="warning">What dpkg would warn about an accepted text, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is accepted.</returns>
    public static bool TryParseLenient([NotNullWhen(true)] string? text, out DebianVersion version, [NotNullWhen(false)] out string? error, out string? warning)
    {
        warning = null;
        if (!TryRead(text, lenient: true, out version, out error))
        {
            return false;
        }

        if (!DebianParts.TryRead(text, lenient: true, out _, out var problem) || problem != DebianSyntaxError.None)
        {
            warning = DebianParts.Describe(problem, text);
        }

        return true;
    }

    /// <inheritdoc/>
    public bool Equals(DebianVersion other) => string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DebianVersion other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => string.GetHashCode(ToString(), StringComparison.Ordinal);

    /// <summary>Compares by dpkg's rules, then by ordinal text where dpkg sees no difference.</summary>
    /// <param name="other">The version to compare with.</param>
    /// <returns>-1, 0 or 1.</returns>
    public int CompareTo(DebianVersion other)
    {
        var order = VersionComparer.Debian.Compare(this, other);
        return order != 0 ? order : Math.Sign(string.CompareOrdinal(ToString(), other.ToString()));
    }

    /// <inheritdoc/>
    static DebianVersion IParsable<DebianVersion>.Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc/>
    static bool IParsable<DebianVersion>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out DebianVersion result) =>
        TryParse(s, out result, out _);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="obj"/> is not a <see cref="DebianVersion"/>.</exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        DebianVersion other => CompareTo(other),
        _ => throw new ArgumentException("The object is not a DebianVersion.", nameof(obj)),
    };

    /// <summary>Returns the version's text as parsed, without leading or trailing blanks.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _text is null ? "0" : _text.Substring(_parts.Start, _parts.Length);

    /// <summary>Whether two versions have the same text.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(DebianVersion left, DebianVersion right) => left.Equals(right);

    /// <summary>Whether two versions differ in text.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns><see langword="true"/> when not equal.</returns>
    public static bool operator !=(DebianVersion left, DebianVersion right) => !left.Equals(right);

    /// <summary>Whether <paramref name="left"/> sorts before <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The comparison's result.</returns>
    public static bool operator <(DebianVersion left, DebianVersion right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> sorts after <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The comparison's result.</returns>
    public static bool operator >(DebianVersion left, DebianVersion right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> sorts before or equals <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The comparison's result.</returns>
    public static bool operator <=(DebianVersion left, DebianVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> sorts after or equals <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The comparison's result.</returns>
    public static bool operator >=(DebianVersion left, DebianVersion right) => left.CompareTo(right) >= 0;

    private static bool TryRead([NotNullWhen(true)] string? text, bool lenient, out DebianVersion version, [NotNullWhen(false)] out string? error)
    {
        version = default;
        if (text is null)
        {
            error = "A Debian version is required.";
            return false;
        }

        if (!DebianParts.TryRead(text, lenient, out var parts, out var syntax))
        {
            error = DebianParts.Describe(syntax, text);
            return false;
        }

        version = new DebianVersion(text, parts);
        error = null;
        return true;
    }
}
