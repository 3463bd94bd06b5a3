using SwRel.Domain.Tickets;

namespace SwRel.Repository.Layout;

/// <summary>Options of the repository layout and the planner (SPEC §11).</summary>
/// <remarks>
/// <para>
/// Defaults: <see cref="Preset"/> <see cref="RepositoryLayoutPreset.EgiRepository"/>, no template replaced, no
/// override, <see cref="DefaultReleaseType"/> <see cref="ReleaseType.NonIncremental"/>, <see cref="RepoFileFolder"/>
/// <c>repofiles</c>, <see cref="PublicBaseUrl"/> <c>https://repository.egi.eu/</c>.
/// Validated by <see cref="RepositoryLayoutOptionsValidator"/> (at start when registered through
/// <see cref="RepositoryLayoutServiceCollectionExtensions.AddSwRelRepositoryLayout"/>).
/// A plain options class: not thread-safe while being configured.
/// </para>
/// <para>
/// Example: a distribution that publishes every release of <c>ops-1</c> into one fixed folder:
/// <c>options.Overrides["ops-1"] = new() { Production = "sw/production/ops/1/current" };</c> (the EgiRepository preset
/// has this built in for the CA distribution, <c>ca-1</c> at <c>sw/production/cas/1/current</c>).
/// </para>
/// </remarks>
public sealed class RepositoryLayoutOptions
{
    /// <summary>Gets or sets the built-in templates to start from.</summary>
    public RepositoryLayoutPreset Preset { get; set; } = RepositoryLayoutPreset.EgiRepository;

    /// <summary>Gets or sets templates that replace the preset's for every major release.</summary>
    public RepositoryLayoutTemplates Templates { get; set; } = new();

    /// <summary>
    /// Gets the templates per AssociatedMajorRelease (key such as <c>ca-1</c>, compared without regard to case);
    /// they replace both <see cref="Templates"/> and the preset for releases of that major release.
    /// </summary>
    public Dictionary<string, RepositoryLayoutTemplates> Overrides { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets or sets the release type used when a release says nothing (an NRMS descriptor without a ticket
    /// ReleaseType); it decides production <c>base</c> (NonIncremental) or <c>updates</c> (Incremental).
    /// </summary>
    public ReleaseType DefaultReleaseType { get; set; } = ReleaseType.NonIncremental;

    /// <summary>
    /// Gets or sets the folder, relative to a release, its repo file goes in when the descriptor does not name one.
    /// </summary>
    public string RepoFileFolder { get; set; } = "repofiles";

    /// <summary>
    /// Gets or sets the absolute URL the repository root is served at; repo files point below it
    /// (a relative <c>baseUrl</c> <c>/</c> of a release in <c>sw/unverified/x/1/7/3</c> becomes
    /// <c>{PublicBaseUrl}sw/unverified/x/1/7/3/</c>).
    /// </summary>
    public string PublicBaseUrl { get; set; } = "https://repository.egi.eu/";
}
