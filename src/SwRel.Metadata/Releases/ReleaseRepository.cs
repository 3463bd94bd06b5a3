namespace SwRel.Metadata.Releases;

/// <summary>
/// A repository the release ships in: an NRMS <c>Repository</c>, or a repo.egi.eu 0.2
/// <c>repository:yumRepository</c> / <c>repository:debRepository</c>.
/// </summary>
/// <param name="Family">Yum or apt.</param>
/// <param name="Identifier">The repository identifier (NRMS <c>Identifier</c>, 0.2 <c>id</c>).</param>
/// <param name="RelativePath">The path inside the release (NRMS <c>RelativePath</c>, 0.2 <c>path</c>).</param>
/// <param name="Name">The human name (NRMS only), or <see langword="null"/>.</param>
/// <param name="External">Whether the repository is external (0.2 <c>external</c>).</param>
/// <param name="GroupFile">The group file (NRMS <c>GroupFile</c>), or <see langword="null"/>.</param>
/// <param name="RepoFileLocation">Where the repo file goes (NRMS <c>RepoFileLocation</c>), or <see langword="null"/>.</param>
public sealed record ReleaseRepository(
    RepositoryFamily Family,
    string Identifier,
    string RelativePath,
    string? Name = null,
    bool External = false,
    string? GroupFile = null,
    string? RepoFileLocation = null);
