using System.Diagnostics.CodeAnalysis;

namespace SwRel.Repository.Versions;

/// <summary>Orders Debian versions as dpkg does: epoch, then upstream version, then revision.</summary>
/// <remarks>
/// <para>Get the instance from <see cref="VersionComparer.Debian"/>. Stateless and thread-safe.</para>
/// <para>
/// The upstream version and the revision compare with dpkg's <c>verrevcmp</c>: alternately a run of non-digits,
/// compared character by character (<c>~</c> before everything, even the end; then the end; then letters; then
/// every other character), and a run of digits, compared as a number (empty is 0). A missing epoch is 0 and a
/// missing revision is empty (equal to <c>0</c>).
/// </para>
/// <para>
/// The order is total; <see cref="Equals(DebianVersion, DebianVersion)"/> is its equivalence (<c>1.0</c> equals
/// <c>1.00</c>, <c>0:1</c> equals <c>1</c>) and <see cref="GetHashCode(DebianVersion)"/> agrees with it. The text
/// methods accept what <c>dpkg --compare-versions</c> accepts (see <see cref="DebianVersion.TryParseLenient"/>).
/// </para>
/// </remarks>
public sealed class DebianVersionComparer : IComparer<DebianVersion>, IEqualityComparer<DebianVersion>, IVersionSchemeComparer
{
    internal DebianVersionComparer()
    {
    }

    /// <inheritdoc/>
    public VersionScheme Scheme => VersionScheme.Debian;

    /// <summary>Compares two Debian versions by dpkg's rules.</summary>
    /// <param name="x">The first version.</param>
    /// <param name="y">The second version.</param>
    /// <returns>-1, 0 or 1.</returns>
    public int Compare(DebianVersion x, DebianVersion y) =>
        Compare(x.Epoch, x.UpstreamSpan, x.RevisionSpan, y.Epoch, y.UpstreamSpan, y.RevisionSpan);

    /// <summary>Whether dpkg sees two versions as equal.</summary>
    /// <param name="x">The first version.</param>
    /// <param name="y">The second version.</param>
    /// <returns><see langword="true"/> when <see cref="Compare(DebianVersion, DebianVersion)"/> is 0.</returns>
    public bool Equals(DebianVersion x, DebianVersion y) => Compare(x, y) == 0;

    /// <summary>A hash code that agrees with <see cref="Equals(DebianVersion, DebianVersion)"/>.</summary>
    /// <param name="obj">The version.</param>
    /// <returns>The hash code.</returns>
    public int GetHashCode(DebianVersion obj)
    {
        var hash = default(HashCode);
        hash.Add(obj.Epoch);
        DpkgSegments.AddToHash(ref hash, obj.UpstreamSpan);
        DpkgSegments.AddToHash(ref hash, obj.RevisionSpan);
        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public int Compare(ReadOnlySpan<char> x, ReadOnlySpan<char> y) =>
        TryCompare(x, y, out var result, out var error) ? result : throw new FormatException(error);

    /// <inheritdoc/>
    public bool TryCompare(ReadOnlySpan<char> x, ReadOnlySpan<char> y, out int result, [NotNullWhen(false)] out string? error)
    {
        result = 0;
        if (!DebianParts.TryRead(x, lenient: true, out var a, out var syntax))
        {
            error = DebianParts.Describe(syntax, x);
            return false;
        }

        if (!DebianParts.TryRead(y, lenient: true, out var b, out syntax))
        {
            error = DebianParts.Describe(syntax, y);
            return false;
        }

        result = Compare(a.Epoch, a.Upstream(x), a.Revision(x), b.Epoch, b.Upstream(y), b.Revision(y));
        error = null;
        return true;
    }

    /// <summary>Compares two upstream versions or two revisions with dpkg's <c>verrevcmp</c>.</summary>
    /// <param name="x">The first field.</param>
    /// <param name="y">The second field.</param>
    /// <returns>-1, 0 or 1.</returns>
    /// <remarks>Any text is accepted.</remarks>
    public int CompareField(ReadOnlySpan<char> x, ReadOnlySpan<char> y) => DpkgSegments.Compare(x, y);

    private static int Compare(
        int epochX, ReadOnlySpan<char> upstreamX, ReadOnlySpan<char> revisionX,
        int epochY, ReadOnlySpan<char> upstreamY, ReadOnlySpan<char> revisionY)
    {
        if (epochX != epochY)
        {
            return epochX < epochY ? -1 : 1;
        }

        var order = DpkgSegments.Compare(upstreamX, upstreamY);
        return order != 0 ? order : DpkgSegments.Compare(revisionX, revisionY);
    }
}
