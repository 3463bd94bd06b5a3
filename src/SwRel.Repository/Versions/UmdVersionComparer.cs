using System.Diagnostics.CodeAnalysis;

namespace SwRel.Repository.Versions;

/// <summary>Orders UMD versions: MAJOR, then MINOR, then REVISION, numerically.</summary>
/// <remarks>
/// Get the instance from <see cref="VersionComparer.Umd"/>. Stateless and thread-safe. A total order whose
/// equality is <see cref="UmdVersion"/>'s own.
/// </remarks>
public sealed class UmdVersionComparer : IComparer<UmdVersion>, IEqualityComparer<UmdVersion>, IVersionSchemeComparer
{
    internal UmdVersionComparer()
    {
    }

    /// <inheritdoc/>
    public VersionScheme Scheme => VersionScheme.Umd;

    /// <summary>Compares two UMD versions.</summary>
    /// <param name="x">The first version.</param>
    /// <param name="y">The second version.</param>
    /// <returns>-1, 0 or 1.</returns>
    public int Compare(UmdVersion x, UmdVersion y) => x.CompareTo(y);

    /// <summary>Whether two UMD versions are equal.</summary>
    /// <param name="x">The first version.</param>
    /// <param name="y">The second version.</param>
    /// <returns><see langword="true"/> when all three numbers are equal.</returns>
    public bool Equals(UmdVersion x, UmdVersion y) => x.Equals(y);

    /// <summary>A hash code that agrees with <see cref="Equals(UmdVersion, UmdVersion)"/>.</summary>
    /// <param name="obj">The version.</param>
    /// <returns>The hash code.</returns>
    public int GetHashCode(UmdVersion obj) => obj.GetHashCode();

    /// <inheritdoc/>
    public int Compare(ReadOnlySpan<char> x, ReadOnlySpan<char> y) =>
        TryCompare(x, y, out var result, out var error) ? result : throw new FormatException(error);

    /// <inheritdoc/>
    public bool TryCompare(ReadOnlySpan<char> x, ReadOnlySpan<char> y, out int result, [NotNullWhen(false)] out string? error)
    {
        result = 0;
        if (!UmdSyntax.TryRead(x, out var majorX, out var minorX, out var revisionX, out error)
            || !UmdSyntax.TryRead(y, out var majorY, out var minorY, out var revisionY, out error))
        {
            return false;
        }

        result = new UmdVersion(majorX, minorX, revisionX).CompareTo(new UmdVersion(majorY, minorY, revisionY));
        return true;
    }
}
