using System.Collections.Immutable;

namespace SwRel.Metadata.Releases;

/// <summary>
/// The values of one descriptor that the content checks judge, as written (trimmed, not yet interpreted) and with where
/// each was read: what <see cref="ReleaseXmlParser"/> hands to <see cref="ReleaseContentChecks"/>, so that neither
/// reaches into the other.
/// </summary>
internal sealed record ReleaseRawValues
{
    public required ReleaseDialect Dialect { get; init; }

    public Located? ProductShortName { get; init; }

    public string? TechnologyProviderShortName { get; init; }

    public string? TargetPlatform { get; init; }

    public string? TargetArch { get; init; }

    public Located? IsoDate { get; init; }

    public Located? Major { get; init; }

    public Located? Minor { get; init; }

    public Located? Revision { get; init; }

    public Located? Incremental { get; init; }

    public Located? Emergency { get; init; }

    public Located? SynchUrl { get; init; }

    public string? SynchProtocol { get; init; }

    public ImmutableArray<Located> DocumentationLinks { get; init; } = [];

    /// <summary>Each <c>UMDmeta:package</c>'s <c>url</c>, located at its element.</summary>
    public ImmutableArray<Located> PackageUrls { get; init; } = [];

    /// <summary>Each NRMS <c>Repository/Type</c>.</summary>
    public ImmutableArray<Located> NrmsTypes { get; init; } = [];

    /// <summary>Each repository element's <c>external</c> attribute that was written.</summary>
    public ImmutableArray<Located> ExternalFlags { get; init; } = [];
}
