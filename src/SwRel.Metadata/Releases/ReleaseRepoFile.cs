using System.Collections.Immutable;

namespace SwRel.Metadata.Releases;

/// <summary>
/// The repository configuration file a release ships (repo.egi.eu 0.2 <c>repofile:yumRepofile</c> or
/// <c>repofile:debRepofile</c>): a <c>.repo</c> file for yum, a <c>.list</c> file for apt.
/// </summary>
/// <param name="Family">Yum or apt.</param>
/// <param name="FileName">The file name, for example <c>INFN.argus.centos7.x86_64.repo</c>.</param>
/// <param name="RelativePath">The folder the file goes in, relative to the release, for example <c>repofiles</c>.</param>
/// <param name="Entries">The repositories the file declares.</param>
/// <remarks>Equality is structural (<see cref="Entries"/> compared element by element).</remarks>
public sealed record ReleaseRepoFile(
    RepositoryFamily Family,
    string FileName,
    string RelativePath,
    ImmutableArray<RepoFileEntry> Entries)
{
    /// <summary>Compares every property; <see cref="Entries"/> element by element.</summary>
    /// <param name="other">The repo file to compare with.</param>
    /// <returns>Whether both describe the same file.</returns>
    public bool Equals(ReleaseRepoFile? other) =>
        other is not null
        && Family == other.Family
        && FileName == other.FileName
        && RelativePath == other.RelativePath
        && SequenceEquality.Equal(Entries, other.Entries);

    /// <summary>Hashes the properties, consistently with <see cref="Equals(ReleaseRepoFile?)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(Family, FileName, RelativePath, SequenceEquality.Hash(Entries));
}
