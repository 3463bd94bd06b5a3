using System.Diagnostics.CodeAnalysis;
using SwRel.Domain.Tickets;

namespace SwRel.Repository.Versions;

/// <summary>A UMD/EGI release version <c>MAJOR.MINOR.REVISION</c>, for example <c>4.7.1</c> (SPEC §10).</summary>
/// <remarks>
/// Immutable and thread-safe; the numbers are non-negative. The default value is <c>0.0.0</c>. Text is three
/// non-negative integers up to 2147483647 separated by dots, without signs, spaces or leading zeros, so that
/// formatting gives back the parsed text. Ordering compares MAJOR, then MINOR, then REVISION, and is consistent
/// with equality.
/// </remarks>
public readonly record struct UmdVersion : IComparable<UmdVersion>, IComparable, IParsable<UmdVersion>
{
    /// <summary>Creates a version from its three numbers.</summary>
    /// <param name="major">The major number.</param>
    /// <param name="minor">The minor number.</param>
    /// <param name="revision">The revision number.</param>
    /// <exception cref="ArgumentOutOfRangeException">A number is negative.</exception>
    public UmdVersion(int major, int minor, int revision)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(major);
        ArgumentOutOfRangeException.ThrowIfNegative(minor);
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        Major = major;
        Minor = minor;
        Revision = revision;
    }

    /// <summary>Gets the major number: a new major series is a new base release.</summary>
    public int Major { get; }

    /// <summary>Gets the minor number: new functionality with interfaces kept.</summary>
    public int Minor { get; }

    /// <summary>Gets the revision number: fixes.</summary>
    public int Revision { get; }

    /// <summary>Parses a UMD version.</summary>
    /// <param name="text">The text, for example <c>4.7.1</c>.</param>
    /// <returns>The version.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not a UMD version; the message says why.</exception>
    public static UmdVersion Parse(string text) =>
        TryParse(text, out var version, out var error) ? version : throw new FormatException(error);

    /// <summary>Tries to parse a UMD version.</summary>
    /// <param name="text">The text, for example <c>4.7.1</c>.</param>
    /// <param name="version">The version, when the text is valid.</param>
    /// <param name="error">What is wrong with the text, when it is not valid.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a UMD version.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out UmdVersion version, [NotNullWhen(false)] out string? error)
    {
        version = default;
        if (text is null)
        {
            error = "A UMD version is required.";
            return false;
        }

        if (!UmdSyntax.TryRead(text, out var major, out var minor, out var revision, out error))
        {
            return false;
        }

        version = new UmdVersion(major, minor, revision);
        return true;
    }

    /// <summary>
    /// Classifies <paramref name="next"/> as a major, minor or revision release after <paramref name="previous"/>
    /// and checks a ticket's ReleaseType against it.
    /// </summary>
    /// <param name="previous">The version released before.</param>
    /// <param name="next">The version to release.</param>
    /// <param name="releaseType">The ticket's ReleaseType, or <see langword="null"/> not to check it.</param>
    /// <returns>The kind with every warning and error; see <see cref="UmdClassification"/> for the rules.</returns>
    public static UmdClassification Classify(UmdVersion previous, UmdVersion next, ReleaseType? releaseType = null) =>
        UmdClassification.Create(previous, next, releaseType);

    /// <summary>Compares MAJOR, then MINOR, then REVISION.</summary>
    /// <param name="other">The version to compare with.</param>
    /// <returns>-1, 0 or 1.</returns>
    public int CompareTo(UmdVersion other)
    {
        if (Major != other.Major)
        {
            return Major < other.Major ? -1 : 1;
        }

        if (Minor != other.Minor)
        {
            return Minor < other.Minor ? -1 : 1;
        }

        return Revision == other.Revision ? 0 : (Revision < other.Revision ? -1 : 1);
    }

    /// <inheritdoc/>
    static UmdVersion IParsable<UmdVersion>.Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc/>
    static bool IParsable<UmdVersion>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out UmdVersion result) =>
        TryParse(s, out result, out _);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="obj"/> is not a <see cref="UmdVersion"/>.</exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        UmdVersion other => CompareTo(other),
        _ => throw new ArgumentException("The object is not a UmdVersion.", nameof(obj)),
    };

    /// <summary>Returns <c>MAJOR.MINOR.REVISION</c>, for example <c>4.7.1</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Major}.{Minor}.{Revision}";

    /// <summary>Whether <paramref name="left"/> is older than <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The comparison's result.</returns>
    public static bool operator <(UmdVersion left, UmdVersion right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> is newer than <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The comparison's result.</returns>
    public static bool operator >(UmdVersion left, UmdVersion right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> is older than or equal to <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The comparison's result.</returns>
    public static bool operator <=(UmdVersion left, UmdVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> is newer than or equal to <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The comparison's result.</returns>
    public static bool operator >=(UmdVersion left, UmdVersion right) => left.CompareTo(right) >= 0;
}
