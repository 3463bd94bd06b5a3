using System.Diagnostics.CodeAnalysis;

namespace SwRel.Repository.Versions;

/// <summary>An RPM package version <c>[epoch:]version[-release]</c>, for example <c>1:2.4.6-3.el7</c>.</summary>
/// <remarks>
/// <para>Immutable and thread-safe. The default value is the version <c>0</c>.</para>
/// <para>
/// Equality is exact: two values are equal when their text is equal (ordinally). Ordering
/// (<see cref="CompareTo(RpmVersion)"/> and the operators) follows rpm (<see cref="VersionComparer.Rpm"/>) and breaks
/// the ties rpm leaves (<c>2.0</c> and <c>2_0</c>, <c>0:1</c> and <c>1</c>) by ordinal text, so that it is a total
/// order consistent with <see cref="Equals(RpmVersion)"/>. Use <see cref="VersionComparer.Rpm"/> for rpm's own
/// equivalence.
/// </para>
/// <para>
/// Accepted text: printable ASCII without whitespace; an optional epoch (a non-negative integer up to 4294967295)
/// ending with the only <c>':'</c>; a non-empty version without <c>'-'</c>; an optional non-empty release after the
/// last <c>'-'</c>.
/// </para>
/// </remarks>
public readonly struct RpmVersion : IEquatable<RpmVersion>, IComparable<RpmVersion>, IComparable, IParsable<RpmVersion>
{
    private readonly string? _text;
    private readonly RpmParts _parts;

    private RpmVersion(string text, RpmParts parts)
    {
        _text = text;
        _parts = parts;
    }

    /// <summary>Gets the epoch; 0 when the text names none.</summary>
    public uint Epoch => _parts.Epoch;

    /// <summary>Gets whether the text names an epoch (<c>0:1.0</c> does, <c>1.0</c> does not).</summary>
    public bool HasEpoch => _parts.HasEpoch;

    /// <summary>Gets the version field, for example <c>2.4.6</c>.</summary>
    public string Version => _text is null ? "0" : _text.Substring(_parts.VersionStart, _parts.VersionLength);

    /// <summary>Gets the release field, for example <c>3.el7</c>, or <see langword="null"/> when the text has none.</summary>
    public string? Release => _text is null || _parts.ReleaseStart < 0 ? null : _text[_parts.ReleaseStart..];

    internal ReadOnlySpan<char> VersionSpan => _text is null ? "0" : _parts.Version(_text);

    internal ReadOnlySpan<char> ReleaseSpan => _text is null ? default : _parts.Release(_text);

    /// <summary>Parses an RPM version.</summary>
    /// <param name="text">The text, for example <c>1:2.4.6-3.el7</c>.</param>
    /// <returns>The version.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not an RPM version; the message says why.</exception>
    public static RpmVersion Parse(string text) =>
        TryParse(text, out var version, out var error) ? version : throw new FormatException(error);

    /// <summary>Tries to parse an RPM version.</summary>
    /// <param name="text">The text, for example <c>1:2.4.6-3.el7</c>.</param>
    /// <param name="version">The version, when the text is valid.</param>
    /// <param name="error">What is wrong with the text, when it is not valid.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is an RPM version.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out RpmVersion version, [NotNullWhen(false)] out string? error)
    {
        version = default;
        if (text is null)
        {
            error = "An RPM version is required.";
            return false;
        }

        if (!RpmParts.TryRead(text, out var parts, out var syntax))
        {
            error = RpmParts.Describe(syntax, text);
            return false;
        }

        version = new RpmVersion(text, parts);
        error = null;
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(RpmVersion other) => string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RpmVersion other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => string.GetHashCode(ToString(), StringComparison.Ordinal);

    /// <summary>Compares by rpm's rules, then by ordinal text where rpm sees no difference.</summary>
    /// <param name="other">The version to compare with.</param>
    /// <returns>-1, 0 or 1.</returns>
    public int CompareTo(RpmVersion other)
    {
        var order = VersionComparer.Rpm.Compare(this, other);
        return order != 0 ? order : Math.Sign(string.CompareOrdinal(ToString(), other.ToString()));
    }

    /// <inheritdoc/>
    static RpmVersion IParsable<RpmVersion>.Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc/>
    static bool IParsable<RpmVersion>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out RpmVersion result) =>
        TryParse(s, out result, out _);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="obj"/> is not an <see cref="RpmVersion"/>.</exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        RpmVersion other => CompareTo(other),
        _ => throw new ArgumentException("The object is not an RpmVersion.", nameof(obj)),
    };

    /// <summary>Returns the version's text as parsed, for example <c>1:2.4.6-3.el7</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _text ?? "0";

    /// <summary>Whether two versions have the same text.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(RpmVersion left, RpmVersion right) => left.Equals(right);

    /// <summary>Whether two versions differ in text.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns><see langword="true"/> when not equal.</returns>
    public static bool operator !=(RpmVersion left, RpmVersion right) => !left.Equals(right);

    /// <summary>Whether <paramref name="left"/> sorts before <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The comparison's result.</returns>
    public static bool operator <(RpmVersion left, RpmVersion right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> sorts after <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The comparison's result.</returns>
    public static bool operator >(RpmVersion left, RpmVersion right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> sorts before or equals <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The comparison's result.</returns>
    public static bool operator <=(RpmVersion left, RpmVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> sorts after or equals <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The comparison's result.</returns>
    public static bool operator >=(RpmVersion left, RpmVersion right) => left.CompareTo(right) >= 0;
}
