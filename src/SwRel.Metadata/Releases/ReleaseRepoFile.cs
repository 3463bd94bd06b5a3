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
public sealed record ReleaseRepoFile(
    RepositoryFamily Family,
    string FileName,
    string RelativePath,
    ImmutableArray<RepoFileEntry> Entries);
