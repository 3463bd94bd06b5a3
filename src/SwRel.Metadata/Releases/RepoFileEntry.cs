namespace SwRel.Metadata.Releases;

/// <summary>
/// One repository declared in a repo file (<c>repofile:yumRepository</c> or <c>repofile:debRepository</c>).
/// Fields a family does not use are <see langword="null"/>.
/// </summary>
/// <param name="RepoId">The repository id (<c>repoid</c>).</param>
/// <param name="BaseUrl">The base URL (<c>baseUrl</c>).</param>
/// <param name="BaseUrlType">The base URL's <c>type</c> attribute (for example <c>relative</c>), or <see langword="null"/>.</param>
/// <param name="Id">Yum: <c>id</c>.</param>
/// <param name="Name">Yum: <c>name</c>.</param>
/// <param name="Enabled">Yum: <c>enabled</c>.</param>
/// <param name="Priority">Yum: <c>priority</c>.</param>
/// <param name="GpgCheck">Yum: <c>gpgcheck</c>, optional.</param>
/// <param name="GpgKey">Yum: <c>gpgkey</c>, optional.</param>
/// <param name="Protect">Yum: <c>protect</c>.</param>
/// <param name="Type">Apt: <c>type</c> (for example <c>deb</c>).</param>
/// <param name="Entry">Apt: <c>entry</c> (distribution and components).</param>
public sealed record RepoFileEntry(
    string RepoId,
    string BaseUrl,
    string? BaseUrlType = null,
    string? Id = null,
    string? Name = null,
    string? Enabled = null,
    string? Priority = null,
    string? GpgCheck = null,
    string? GpgKey = null,
    string? Protect = null,
    string? Type = null,
    string? Entry = null);
