namespace SwRel.Repository.Layout;

/// <summary>
/// Path templates for the areas of the repository; each one that is set replaces the preset's template.
/// </summary>
/// <remarks>
/// <para>
/// A template is a repository-relative path with placeholders in braces, optionally with a <c>:lower</c> or
/// <c>:upper</c> modifier, for example <c>sw/unverified/{majorRelease}.{productShortName:lower}/{major}/{minor}/{revision}</c>.
/// The placeholders are listed by <see cref="PathTemplate.KnownPlaceholders"/>. A template must not be absolute,
/// hold an empty, <c>.</c> or <c>..</c> segment, a backslash or a control character.
/// </para>
/// <para>
/// Every property is <see langword="null"/> by default (use the preset's template). Resolution order for one
/// release: the override of its AssociatedMajorRelease, then the preset's own override for it (EgiRepository:
/// <c>ca-1</c> production at <c>sw/production/cas/1/current</c>), then <see cref="RepositoryLayoutOptions.Templates"/>,
/// then the preset. For apt releases <see cref="AptProduction"/> is used when set at that level, else <see cref="Production"/>.
/// Not thread-safe while being configured; read once when a <see cref="RepositoryLayout"/> is built.
/// </para>
/// </remarks>
public sealed class RepositoryLayoutTemplates
{
    /// <summary>Gets or sets the unverified area's template (EgiRepository: <c>sw/unverified/{majorRelease}.{productShortName:lower}/{major}/{minor}/{revision}</c>).</summary>
    public string? Unverified { get; set; }

    /// <summary>Gets or sets the stage-rollout area's template (EgiRepository: <c>sw/stagerollout/{majorRelease}.{productShortName:lower}/{major}/{minor}/{revision}</c>).</summary>
    public string? StageRollout { get; set; }

    /// <summary>
    /// Gets or sets the production area's template: for yum releases, and for apt releases too when
    /// <see cref="AptProduction"/> is not set at the same level (EgiRepository: <c>sw/production/{distribution}/{distMajor}/{platform}/{arch}/{channel}</c>).
    /// </summary>
    public string? Production { get; set; }

    /// <summary>Gets or sets the production area's template for apt releases (EgiRepository: <c>sw/production/{distribution}/{distMajor}/{family}/dists/{suite}/main/binary-{arch}</c>).</summary>
    public string? AptProduction { get; set; }

    /// <summary>Gets or sets the scratch folder a release is fetched into (both presets: <c>.swrel/scratch/{majorRelease}/{productShortName}/{version}</c>).</summary>
    public string? Scratch { get; set; }
}
