using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Options;
using SwRel.Domain.Tickets;
using SwRel.Metadata.Releases;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Layout;

/// <summary>
/// Computes where a release lives in each repository area, from a preset, replaced templates and per-major-release
/// overrides (SPEC §11).
/// </summary>
/// <remarks>
/// <para>
/// Built once from validated <see cref="RepositoryLayoutOptions"/>; later changes to the options object have no effect.
/// Every method is pure (no disk, no clock) and thread-safe.
/// </para>
/// <para>
/// With the <see cref="RepositoryLayoutPreset.EgiRepository"/> preset, a 0.2 descriptor of INFN.argus.centos7.x86_64
/// 1.7.3 for <c>umd-4</c> lives at <c>sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3</c>, then
/// <c>sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/3</c>, then <c>sw/production/umd/4/centos7/x86_64/updates</c>
/// (Incremental) or <c>…/base</c> (NonIncremental); apt releases go to
/// <c>sw/production/umd/3/debian/dists/squeeze[-updates]/main/binary-amd64</c>.
/// </para>
/// </remarks>
public sealed class RepositoryLayout
{
    private const string EgiArea = "{majorRelease}.{productShortName:lower}/{major}/{minor}/{revision}";

    private static readonly Templates s_egi = new(
        PathTemplate.Parse("sw/unverified/" + EgiArea),
        PathTemplate.Parse("sw/stagerollout/" + EgiArea),
        PathTemplate.Parse("sw/production/{distribution}/{distMajor}/{platform}/{arch}/{channel}"),
        PathTemplate.Parse("sw/production/{distribution}/{distMajor}/{family}/dists/{suite}/main/binary-{arch}"),
        PathTemplate.Parse(".swrel/scratch/{majorRelease}/{productShortName}/{version}"));

    private static readonly Templates s_nrms = new(
        PathTemplate.Parse("sw/{area}/{productShortName}/{version}"),
        PathTemplate.Parse("sw/{area}/{productShortName}/{version}"),
        PathTemplate.Parse("sw/{area}/{productShortName}/{version}"),
        null,
        PathTemplate.Parse(".swrel/scratch/{majorRelease}/{productShortName}/{version}"));

    // Per-major-release folders of repository.egi.eu that the generic templates do not give: the CA distribution
    // (IGTF trust anchors) publishes every ca-1 release into one folder, whatever its platform.
    private static readonly Dictionary<string, Templates> s_egiOverrides = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ca-1"] = new(null, null, PathTemplate.Parse("sw/production/cas/1/current"), PathTemplate.Parse("sw/production/cas/1/current"), null),
    };

    // Where a release's own files (all but its packages) stay once its packages are merged into production.
    private static readonly PathTemplate s_egiReleaseFiles = PathTemplate.Parse("sw/production/{distribution}/{distMajor}/releases/" + EgiArea);
    private static readonly PathTemplate s_nrmsReleaseFiles = PathTemplate.Parse("sw/production/releases/{productShortName}/{version}");

    // What refresh-index regenerates in a production folder, so a release's own copy is left out of the merge.
    private static readonly ImmutableArray<string> s_yumIndexNames = ["repodata"];

    private static readonly ImmutableArray<string> s_aptIndexNames =
        ["Packages", "Packages.gz", "Packages.bz2", "Packages.xz", "Packages.lzma", "Packages.zst", "Release", "Release.gpg", "InRelease"];

    private readonly RepositoryLayoutPreset _preset;
    private readonly Templates _global;
    private readonly Dictionary<string, Templates> _overrides;
    private readonly ReleaseType _defaultReleaseType;
    private readonly string _repoFileFolder;
    private readonly string _publicBaseUrl;

    /// <summary>Builds a layout with the default options (the <see cref="RepositoryLayoutPreset.EgiRepository"/> preset).</summary>
    public RepositoryLayout()
        : this(new RepositoryLayoutOptions())
    {
    }

    /// <summary>Builds a layout from options.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The options are not valid; the failures say which and why.</exception>
    public RepositoryLayout(RepositoryLayoutOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new RepositoryLayoutOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(
                Microsoft.Extensions.Options.Options.DefaultName, typeof(RepositoryLayoutOptions), result.Failures ?? [result.FailureMessage]);
        }

        _preset = options.Preset;
        _global = Templates.From(options.Templates);
        _overrides = new Dictionary<string, Templates>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in options.Overrides)
        {
            _overrides[MajorRelease.Parse(key).Name] = Templates.From(value);
        }

        _defaultReleaseType = options.DefaultReleaseType;
        _repoFileFolder = options.RepoFileFolder.Trim('/');
        _publicBaseUrl = options.PublicBaseUrl.EndsWith('/') ? options.PublicBaseUrl : options.PublicBaseUrl + "/";
    }

    /// <summary>Builds a layout from registered options.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The options are not valid.</exception>
    public RepositoryLayout(IOptions<RepositoryLayoutOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value)
    {
    }

    /// <summary>Works out what the layout needs to know about a release.</summary>
    /// <param name="descriptor">The release descriptor.</param>
    /// <param name="majorRelease">The ticket's AssociatedMajorRelease.</param>
    /// <param name="releaseType">The ticket's ReleaseType, or <see langword="null"/> to follow the descriptor's <c>incremental</c> (else the configured default).</param>
    /// <param name="ticketId">The ticket id, when known (only the <c>{ticketId}</c> placeholder needs it).</param>
    /// <returns>The placement.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="descriptor"/> or <paramref name="majorRelease"/> is <see langword="null"/>.</exception>
    public ReleasePlacement Place(ReleaseDescriptor descriptor, MajorRelease majorRelease, ReleaseType? releaseType = null, int? ticketId = null)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(majorRelease);
        var type = releaseType
            ?? (descriptor.Incremental is { } incremental
                ? (incremental ? ReleaseType.Incremental : ReleaseType.NonIncremental)
                : _defaultReleaseType);
        var isAptPlatform = AptPlatform.TryParse(descriptor.TargetPlatform, out var aptFamily, out var codename);
        RepositoryFamily family;
        if (!descriptor.Repositories.IsDefaultOrEmpty)
        {
            family = descriptor.Repositories[0].Family;
        }
        else if (descriptor.RepoFile is { } repoFile)
        {
            family = repoFile.Family;
        }
        else
        {
            family = isAptPlatform ? RepositoryFamily.Apt : RepositoryFamily.Yum;
        }

        return family == RepositoryFamily.Apt && isAptPlatform
            ? new ReleasePlacement(descriptor, majorRelease, type, family, aptFamily, codename, ticketId)
            : new ReleasePlacement(descriptor, majorRelease, type, family, null, null, ticketId);
    }

    /// <summary>Returns the folder the release occupies in <paramref name="area"/>.</summary>
    /// <param name="area">The area.</param>
    /// <param name="placement">The release.</param>
    /// <returns>The repository path; for <see cref="RepositoryArea.Production"/> the shared folder the release is merged into.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="placement"/> is <see langword="null"/>.</exception>
    /// <exception cref="RepositoryPlanningException">The descriptor lacks a value the template needs, or a value cannot be part of a path.</exception>
    public RepositoryPath PathOf(RepositoryArea area, ReleasePlacement placement)
    {
        ArgumentNullException.ThrowIfNull(placement);
        var apt = placement.Family == RepositoryFamily.Apt;
        var template = Resolve(placement, t => t.For(area, apt));
        return template.Render(name => Value(name, area, placement, template));
    }

    /// <summary>Returns the scratch folder the release is fetched into before it is published.</summary>
    /// <param name="placement">The release.</param>
    /// <returns>The repository path of the scratch folder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="placement"/> is <see langword="null"/>.</exception>
    /// <exception cref="RepositoryPlanningException">A value cannot be part of a path.</exception>
    public RepositoryPath ScratchPath(ReleasePlacement placement)
    {
        ArgumentNullException.ThrowIfNull(placement);
        var template = Resolve(placement, t => t.Scratch);
        return template.Render(name => Value(name, RepositoryArea.Unverified, placement, template));
    }

    /// <summary>
    /// Returns the release's own folder in production, which keeps its files other than packages (release.xml, a README,
    /// its repo file…) while its packages are merged into the shared production folder (SPEC §11): EgiRepository
    /// <c>sw/production/{distribution}/{distMajor}/releases/{majorRelease}.{productShortName:lower}/{major}/{minor}/{revision}</c>,
    /// Nrms2010 <c>sw/production/releases/{productShortName}/{version}</c>.
    /// </summary>
    /// <param name="placement">The release.</param>
    /// <returns>The repository path of the folder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="placement"/> is <see langword="null"/>.</exception>
    /// <exception cref="RepositoryPlanningException">A value cannot be part of a path.</exception>
    public RepositoryPath ReleaseFilesPath(ReleasePlacement placement)
    {
        ArgumentNullException.ThrowIfNull(placement);
        var template = _preset == RepositoryLayoutPreset.Nrms2010 || placement.Descriptor.Dialect == ReleaseDialect.Nrms2010 ? s_nrmsReleaseFiles : s_egiReleaseFiles;
        return template.Render(name => Value(name, RepositoryArea.Production, placement, template));
    }

    /// <summary>
    /// Returns where the release's repo file goes when the release occupies <paramref name="areaPath"/>: the descriptor's
    /// repo file folder and name (<c>repofiles/INFN.argus.centos7.x86_64.repo</c>), else the NRMS <c>RepoFileLocation</c>
    /// or <see cref="RepositoryLayoutOptions.RepoFileFolder"/> and <c>{productShortName}.repo</c> (<c>.list</c> for apt).
    /// </summary>
    /// <param name="areaPath">The folder the release occupies.</param>
    /// <param name="placement">The release.</param>
    /// <returns>The repo file's repository path.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="placement"/> is <see langword="null"/>.</exception>
    /// <exception cref="RepositoryPlanningException">The descriptor's repo file name or folder is not a safe relative path.</exception>
    public RepositoryPath RepoFilePath(RepositoryPath areaPath, ReleasePlacement placement)
    {
        ArgumentNullException.ThrowIfNull(placement);
        var (folder, file) = RepoFileLocation(placement);
        return areaPath.Combine(folder.Value, file);
    }

    /// <summary>
    /// Returns the top-level names of a release's folder that a promote into production leaves out of the merge
    /// (<see cref="PromoteStep.Exclude"/>): what belongs to one release, or is regenerated for the shared folder, and so
    /// would make the next release of the same product conflict there.
    /// </summary>
    /// <param name="placement">The release.</param>
    /// <returns>
    /// The first segment of the release's repo file location (<c>repofiles</c>; the file's own name when the repo file
    /// sits at the release root), then the index the refresh-index step regenerates: for yum <c>repodata</c>; for apt
    /// the flat-repository index files <c>Packages</c>, <c>Packages.gz</c>, <c>Packages.bz2</c>, <c>Packages.xz</c>,
    /// <c>Packages.lzma</c>, <c>Packages.zst</c>, <c>Release</c>, <c>Release.gpg</c> and <c>InRelease</c>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="placement"/> is <see langword="null"/>.</exception>
    /// <exception cref="RepositoryPlanningException">The descriptor's repo file name or folder is not a safe relative path.</exception>
    public ImmutableArray<string> MergeExclusions(ReleasePlacement placement)
    {
        ArgumentNullException.ThrowIfNull(placement);
        var (folder, file) = RepoFileLocation(placement);
        var repoFileTop = folder.IsRoot ? file : folder.Value.Split('/')[0];
        var index = IndexNames(placement);
        var names = ImmutableArray.CreateBuilder<string>(index.Length + 1);
        names.Add(repoFileTop);
        foreach (var name in index)
        {
            if (!string.Equals(name, repoFileTop, StringComparison.Ordinal))
            {
                names.Add(name);
            }
        }

        return names.ToImmutable();
    }

    /// <summary>The top-level names of a release folder's own index (yum's <c>repodata</c>, apt's Packages and Release files), rebuilt in every area.</summary>
    /// <param name="placement">The release.</param>
    /// <returns>The names for the release's repository family.</returns>
    internal static ImmutableArray<string> IndexNames(ReleasePlacement placement) =>
        placement.Family == RepositoryFamily.Apt ? s_aptIndexNames : s_yumIndexNames;

    private (RepositoryPath Folder, string File) RepoFileLocation(ReleasePlacement placement)
    {
        var descriptor = placement.Descriptor;
        string folder;
        string file;
        if (descriptor.RepoFile is { } repoFile)
        {
            folder = repoFile.RelativePath;
            file = repoFile.FileName;
        }
        else
        {
            folder = descriptor.Repositories.IsDefaultOrEmpty
                ? _repoFileFolder
                : descriptor.Repositories[0].RepoFileLocation ?? _repoFileFolder;
            file = descriptor.ProductShortName + (placement.Family == RepositoryFamily.Apt ? ".list" : ".repo");
        }

        folder = folder.Trim().Trim('/');
        if (folder.StartsWith("./", StringComparison.Ordinal))
        {
            folder = folder[2..];
        }

        if (folder == ".")
        {
            folder = "";
        }

        file = file.Trim();
        if (file.Length == 0 || file.Contains('/', StringComparison.Ordinal)
            || !RepositoryPath.TryParse(file, out _, out _))
        {
            throw new RepositoryPlanningException($"The repo file name '{file}' is not a plain file name.");
        }

        if (!RepositoryPath.TryParse(folder, out var folderPath, out var error))
        {
            throw new RepositoryPlanningException($"The repo file folder '{folder}' is not a safe relative path: {error}");
        }

        return (folderPath, file);
    }

    /// <summary>Returns the text of the release's repo file for a release that occupies <paramref name="areaPath"/>.</summary>
    /// <param name="areaPath">The folder the release occupies; relative base URLs resolve below it.</param>
    /// <param name="placement">The release.</param>
    /// <returns>The file's text (<c>\n</c> line ends).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="placement"/> is <see langword="null"/>.</exception>
    public string RepoFileContent(RepositoryPath areaPath, ReleasePlacement placement)
    {
        ArgumentNullException.ThrowIfNull(placement);
        return RepoFileRenderer.Render(placement, areaPath, _publicBaseUrl);
    }

    private PathTemplate Resolve(ReleasePlacement placement, Func<Templates, PathTemplate?> pick)
    {
        if (_overrides.TryGetValue(placement.MajorRelease.Name, out var over) && pick(over) is { } overridden)
        {
            return overridden;
        }

        if (_preset == RepositoryLayoutPreset.EgiRepository
            && s_egiOverrides.TryGetValue(placement.MajorRelease.Name, out var builtIn)
            && pick(builtIn) is { } presetOverride)
        {
            return presetOverride;
        }

        if (pick(_global) is { } global)
        {
            return global;
        }

        var preset = _preset == RepositoryLayoutPreset.Nrms2010 || placement.Descriptor.Dialect == ReleaseDialect.Nrms2010 ? s_nrms : s_egi;
        return pick(preset) ?? pick(s_egi)!;
    }

    private static string Value(string name, RepositoryArea area, ReleasePlacement placement, PathTemplate template)
    {
        var descriptor = placement.Descriptor;
        var release = placement.MajorRelease;
        var apt = placement.Family == RepositoryFamily.Apt;
        return name switch
        {
            "majorRelease" => release.Name,
            "distribution" => release.Distribution,
            "distMajor" => Number(release.Major),
            "productShortName" => Segment(descriptor.ProductShortName, "productShortName"),
            "major" => Number(descriptor.MajorVersion),
            "minor" => Number(descriptor.MinorVersion),
            "revision" => Number(descriptor.RevisionVersion),
            "version" => $"{Number(descriptor.MajorVersion)}.{Number(descriptor.MinorVersion)}.{Number(descriptor.RevisionVersion)}",
            "platform" => Segment(Required(descriptor.TargetPlatform, "targetPlatform", template), "targetPlatform"),
            "family" => apt ? AptFamily(placement, template) : Segment(Required(descriptor.TargetPlatform, "targetPlatform", template), "targetPlatform"),
            "codename" => AptCodename(placement, template),
            "arch" => apt
                ? AptPlatform.DebianArch(Segment(Required(descriptor.TargetArch, "targetArch", template), "targetArch"))
                : Segment(Required(descriptor.TargetArch, "targetArch", template), "targetArch"),
            "channel" => placement.Channel,
            "suite" => placement.ReleaseType == ReleaseType.Incremental
                ? AptCodename(placement, template) + "-updates"
                : AptCodename(placement, template),
            "area" => area switch
            {
                RepositoryArea.Unverified => "unverified",
                RepositoryArea.StageRollout => "stagerollout",
                _ => "production",
            },
            "ticketId" => placement.TicketId is { } id
                ? Number(id)
                : throw new RepositoryPlanningException(
                    $"Path template '{template}' needs {{ticketId}}, but no ticket id was given.", nameof(Planning.RepositoryPlanRequest.TicketId)),
            _ => throw new RepositoryPlanningException($"Path template '{template}' has the unknown placeholder '{{{name}}}'."),
        };
    }

    private static string AptFamily(ReleasePlacement placement, PathTemplate template) =>
        placement.AptFamily ?? throw NotApt(placement, template, "family");

    private static string AptCodename(ReleasePlacement placement, PathTemplate template) =>
        placement.AptCodename ?? throw NotApt(placement, template, "codename");

    private static RepositoryPlanningException NotApt(ReleasePlacement placement, PathTemplate template, string what)
    {
        var platform = placement.Descriptor.TargetPlatform;
        return placement.Family != RepositoryFamily.Apt
            ? new RepositoryPlanningException($"Path template '{template}' needs an apt {what}, but {placement.Descriptor.ProductShortName} is a yum release.")
            : new RepositoryPlanningException(
                string.IsNullOrWhiteSpace(platform)
                    ? $"Path template '{template}' needs the Debian {what}, but {placement.Descriptor.ProductShortName} has no targetPlatform."
                    : $"targetPlatform '{platform}' of {placement.Descriptor.ProductShortName} is not a Debian or Ubuntu platform (debian-<codename>, ubuntu-<codename>), so its {what} is unknown.");
    }

    private static string Required(string? value, string field, PathTemplate template) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new RepositoryPlanningException($"Path template '{template}' needs the descriptor's {field}, which is missing.")
            : value;

    private static string Segment(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new RepositoryPlanningException($"The descriptor's {field} is empty, so it cannot be part of a repository path.");
        }

        foreach (var c in value)
        {
            if (c is '/' or '\\' || char.IsControl(c) || char.IsWhiteSpace(c))
            {
                throw new RepositoryPlanningException($"The descriptor's {field} '{value}' holds '/', '\\', a space or a control character, so it cannot be part of a repository path.");
            }
        }

        return value;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Templates(
        PathTemplate? Unverified,
        PathTemplate? StageRollout,
        PathTemplate? Production,
        PathTemplate? AptProduction,
        PathTemplate? Scratch)
    {
        public static Templates From(RepositoryLayoutTemplates? templates) => templates is null
            ? new Templates(null, null, null, null, null)
            : new Templates(
                Compile(templates.Unverified),
                Compile(templates.StageRollout),
                Compile(templates.Production),
                Compile(templates.AptProduction),
                Compile(templates.Scratch));

        public PathTemplate? For(RepositoryArea area, bool apt) => area switch
        {
            RepositoryArea.Unverified => Unverified,
            RepositoryArea.StageRollout => StageRollout,
            _ => apt ? AptProduction ?? Production : Production,
        };

        private static PathTemplate? Compile(string? text) => text is null ? null : PathTemplate.Parse(text);
    }
}
