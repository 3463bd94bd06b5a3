using System.Diagnostics.CodeAnalysis;

namespace SwRel.Repository.Versions;

/// <summary>Orders RPM versions as rpm does: epoch, then version, then release, each field by rpmvercmp.</summary>
/// <remarks>
/// <para>Get the instance from <see cref="VersionComparer.Rpm"/>. Stateless and thread-safe.</para>
/// <para>
/// rpmvercmp reads a field as runs of digits and runs of letters; every other character except <c>~</c> and
/// <c>^</c> only separates runs. Digit runs compare as numbers (leading zeros ignored, any length); letter runs
/// compare ordinally; a digit run beats a letter run; when one field runs out, the one with runs left is newer.
/// <c>~</c> sorts before anything, even the end (<c>1.0~rc1 &lt; 1.0</c>); <c>^</c> sorts after the end but before
/// anything else (<c>1.0 &lt; 1.0^git1 &lt; 1.0.1</c>). A missing epoch is 0. A missing release compares as an empty
/// release, so <c>1.0 &lt; 1.0-1</c> (rpm's dependency matching instead treats a missing release as matching any
/// release, which is not an order).
/// </para>
/// <para>
/// The order is total; <see cref="Equals(RpmVersion, RpmVersion)"/> is its equivalence (<c>2.0</c> equals <c>2_0</c>
/// and <c>10.0001</c> equals <c>10.1</c>) and <see cref="GetHashCode(RpmVersion)"/> agrees with it.
/// </para>
/// </remarks>
public sealed class RpmVersionComparer : IComparer<RpmVersion>, IEqualityComparer<RpmVersion>, IVersionSchemeComparer
{
    internal RpmVersionComparer()
    {
    }

    /// <inheritdoc/>
    public VersionScheme Scheme => VersionScheme.Rpm;

    /// <summary>Compares two RPM versions by rpm's rules.</summary>
    /// <param name="x">The first version.</param>
    /// <param name="y">The second version.</param>
    /// <returns>-1, 0 or 1.</returns>
    public int Compare(RpmVersion x, RpmVersion y) =>
        Compare(x.Epoch, x.VersionSpan, x.ReleaseSpan, y.Epoch, y.VersionSpan, y.ReleaseSpan);

    /// <summary>Whether rpm sees two versions as equal.</summary>
    /// <param name="x">The first version.</param>
    /// <param name="y">The second version.</param>
    /// <returns><see langword="true"/> when <see cref="Compare(RpmVersion, RpmVersion)"/> is 0.</returns>
    public bool Equals(RpmVersion x, RpmVersion y) => Compare(x, y) == 0;

    /// <summary>A hash code that agrees with <see cref="Equals(RpmVersion, RpmVersion)"/>.</summary>
    /// <param name="obj">The version.</param>
    /// <returns>The hash code.</returns>
    public int GetHashCode(RpmVersion obj)
    {
        var hash = default(HashCode);
        hash.Add(obj.Epoch);
        RpmSegments.AddToHash(ref hash, obj.VersionSpan);
        RpmSegments.AddToHash(ref hash, obj.ReleaseSpan);
        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public int Compare(ReadOnlySpan<char> x, ReadOnlySpan<char> y) =>
        TryCompare(x, y, out var result, out var error) ? result : throw new FormatException(error);

    /// <inheritdoc/>
    public bool TryCompare(ReadOnlySpan<char> x, ReadOnlySpan<char> y, out int result, [NotNullWhen(false)] out string? error)
    {
        result = 0;
        if (!RpmParts.TryRead(x, out var a, out var syntax))
        {
            error = RpmParts.Describe(syntax, x);
            return false;
        }

        if (!RpmParts.TryRead(y, out var b, out syntax))
        {
            error = RpmParts.Describe(syntax, y);
            return false;
        }

        result = Compare(a.Epoch, a.Version(x), a.Release(x), b.Epoch, b.Version(y), b.Release(y));
        error = null;
        return true;
    }

    /// <summary>Compares two single fields (a version or a release) with rpmvercmp, as <c>rpm.vercmp</c> does.</summary>
    /// <param name="x">The first field.</param>
    /// <param name="y">The second field.</param>
    /// <returns>-1, 0 or 1.</returns>
    /// <remarks>Any text is accepted; characters other than ASCII letters, digits, <c>~</c> and <c>^</c> separate segments.</remarks>
    public int CompareField(ReadOnlySpan<char> x, ReadOnlySpan<char> y) => RpmSegments.Compare(x, y);

    private static int Compare(
        uint epochX, ReadOnlySpan<char> versionX, ReadOnlySpan<char> releaseX,
        uint epochY, ReadOnlySpan<char> versionY, ReadOnlySpan<char> releaseY)
    {
        if (epochX != epochY)
        {
            return epochX < epochY ? -1 : 1;
        }

        var order = RpmSegments.Compare(versionX, versionY);
        return order != 0 ? order : RpmSegments.Compare(releaseX, releaseY);
    }
}
