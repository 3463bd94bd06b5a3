using System.Diagnostics.CodeAnalysis;

namespace SwRel.Repository.Versions;

/// <summary>Orders semantic versions by Semantic Versioning 2.0.0 precedence (build metadata ignored).</summary>
/// <remarks>
/// <para>Get the instance from <see cref="VersionComparer.SemVer"/>. Stateless and thread-safe.</para>
/// <para>
/// MAJOR, MINOR and PATCH compare numerically; a version with a pre-release has lower precedence than the same
/// version without; pre-release identifiers compare left to right, numeric ones numerically, others ordinally in
/// ASCII, numeric below non-numeric, and a longer list wins when all earlier identifiers are equal:
/// <c>1.0.0-alpha &lt; 1.0.0-alpha.1 &lt; 1.0.0-alpha.beta &lt; 1.0.0-beta &lt; 1.0.0-beta.2 &lt; 1.0.0-beta.11 &lt; 1.0.0-rc.1 &lt; 1.0.0</c>.
/// </para>
/// <para>
/// The order is total on precedence: <see cref="Equals(SemanticVersion, SemanticVersion)"/> is "same precedence"
/// (<c>1.0.0+a</c> equals <c>1.0.0+b</c>) and <see cref="GetHashCode(SemanticVersion)"/> ignores build metadata too.
/// For exact equality use <see cref="SemanticVersion.Equals(SemanticVersion)"/>.
/// </para>
/// </remarks>
public sealed class SemanticVersionComparer : IComparer<SemanticVersion>, IEqualityComparer<SemanticVersion>, IVersionSchemeComparer
{
    internal SemanticVersionComparer()
    {
    }

    /// <inheritdoc/>
    public VersionScheme Scheme => VersionScheme.SemVer;

    /// <summary>Compares two semantic versions by precedence.</summary>
    /// <param name="x">The first version.</param>
    /// <param name="y">The second version.</param>
    /// <returns>-1, 0 or 1.</returns>
    public int Compare(SemanticVersion x, SemanticVersion y) =>
        Compare(x.Major, x.Minor, x.Patch, x.Prerelease, y.Major, y.Minor, y.Patch, y.Prerelease);

    /// <summary>Whether two versions have the same precedence.</summary>
    /// <param name="x">The first version.</param>
    /// <param name="y">The second version.</param>
    /// <returns><see langword="true"/> when <see cref="Compare(SemanticVersion, SemanticVersion)"/> is 0.</returns>
    public bool Equals(SemanticVersion x, SemanticVersion y) => Compare(x, y) == 0;

    /// <summary>A hash code that agrees with <see cref="Equals(SemanticVersion, SemanticVersion)"/> (build metadata ignored).</summary>
    /// <param name="obj">The version.</param>
    /// <returns>The hash code.</returns>
    public int GetHashCode(SemanticVersion obj) =>
        HashCode.Combine(obj.Major, obj.Minor, obj.Patch, string.GetHashCode(obj.Prerelease, StringComparison.Ordinal));

    /// <inheritdoc/>
    public int Compare(ReadOnlySpan<char> x, ReadOnlySpan<char> y) =>
        TryCompare(x, y, out var result, out var error) ? result : throw new FormatException(error);

    /// <inheritdoc/>
    public bool TryCompare(ReadOnlySpan<char> x, ReadOnlySpan<char> y, out int result, [NotNullWhen(false)] out string? error)
    {
        result = 0;
        if (!SemVerParts.TryRead(x, out var a, out var syntax, out var where))
        {
            error = SemVerParts.Describe(syntax, x, where);
            return false;
        }

        if (!SemVerParts.TryRead(y, out var b, out syntax, out where))
        {
            error = SemVerParts.Describe(syntax, y, where);
            return false;
        }

        result = Compare(a.Major, a.Minor, a.Patch, a.Prerelease(x), b.Major, b.Minor, b.Patch, b.Prerelease(y));
        error = null;
        return true;
    }

    private static int Compare(
        ulong majorX, ulong minorX, ulong patchX, ReadOnlySpan<char> prereleaseX,
        ulong majorY, ulong minorY, ulong patchY, ReadOnlySpan<char> prereleaseY)
    {
        if (majorX != majorY)
        {
            return majorX < majorY ? -1 : 1;
        }

        if (minorX != minorY)
        {
            return minorX < minorY ? -1 : 1;
        }

        if (patchX != patchY)
        {
            return patchX < patchY ? -1 : 1;
        }

        return ComparePrerelease(prereleaseX, prereleaseY);
    }

    private static int ComparePrerelease(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        // A version without a pre-release has higher precedence than one with.
        if (x.IsEmpty || y.IsEmpty)
        {
            return x.IsEmpty == y.IsEmpty ? 0 : (x.IsEmpty ? 1 : -1);
        }

        while (true)
        {
            var dotX = x.IndexOf('.');
            var dotY = y.IndexOf('.');
            var order = CompareIdentifier(dotX < 0 ? x : x[..dotX], dotY < 0 ? y : y[..dotY]);
            if (order != 0)
            {
                return order;
            }

            if (dotX < 0 || dotY < 0)
            {
                return dotX < 0 == dotY < 0 ? 0 : (dotX < 0 ? -1 : 1);
            }

            x = x[(dotX + 1)..];
            y = y[(dotY + 1)..];
        }
    }

    private static int CompareIdentifier(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        var numericX = IsNumeric(x);
        var numericY = IsNumeric(y);
        if (numericX != numericY)
        {
            return numericX ? -1 : 1;
        }

        // Numeric identifiers have no leading zeros, so the longer one is the larger.
        if (numericX && x.Length != y.Length)
        {
            return x.Length < y.Length ? -1 : 1;
        }

        var order = x.SequenceCompareTo(y);
        return order == 0 ? 0 : (order < 0 ? -1 : 1);
    }

    private static bool IsNumeric(ReadOnlySpan<char> identifier)
    {
        foreach (var c in identifier)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
