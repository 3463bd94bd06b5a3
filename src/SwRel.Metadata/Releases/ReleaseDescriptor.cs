using System.Collections.Immutable;

namespace SwRel.Metadata.Releases;

/// <summary>
/// A release, as described by its <c>release.xml</c>, normalised from either dialect (SPEC §8).
/// </summary>
/// <remarks>
/// NRMS 2010 fields map as follows: <c>DistributionName</c> → <see cref="ProductName"/>,
/// <c>DistributionShortName</c> → <see cref="ProductShortName"/>, <c>Repositories</c> →
/// <see cref="Repositories"/>, <c>Repofiles</c> → <see cref="RepoFiles"/>. Fields a dialect does not carry are
/// <see langword="null"/> or empty. Instances are immutable. Equality is structural: two descriptors are equal when every
/// property is equal, collections element by element (a default <see cref="ImmutableArray{T}"/> equals an empty one).
/// </remarks>
public sealed record ReleaseDescriptor
{
    /// <summary>Gets the dialect the descriptor was read from or will be written in.</summary>
    public required ReleaseDialect Dialect { get; init; }

    /// <summary>Gets the product name (0.2 <c>productName</c>, NRMS <c>DistributionName</c>).</summary>
    public required string ProductName { get; init; }

    /// <summary>Gets the short name (0.2 <c>productShortName</c>, <c>TP.product.os.arch</c>; NRMS <c>DistributionShortName</c>).</summary>
    public required string ProductShortName { get; init; }

    /// <summary>Gets the technology provider.</summary>
    public required string TechnologyProvider { get; init; }

    /// <summary>Gets the technology provider's short name (0.2 only).</summary>
    public string? TechnologyProviderShortName { get; init; }

    /// <summary>Gets the contact address.</summary>
    public string Contact { get; init; } = "";

    /// <summary>Gets the technical contact (0.2 only).</summary>
    public string? TechnicalContact { get; init; }

    /// <summary>Gets the description.</summary>
    public string Description { get; init; } = "";

    /// <summary>Gets the keywords (NRMS only).</summary>
    public string? Keywords { get; init; }

    /// <summary>Gets the documentation links.</summary>
    public ImmutableArray<string> DocumentationLinks { get; init; } = [];

    /// <summary>Gets the release date (<c>ISODate</c>, written <c>yyyyMMdd</c>); <see cref="DateOnly.MinValue"/> when the document's
    /// ISODate is not a real date (only displayed, so the reader warns and goes on).</summary>
    public required DateOnly ReleaseDate { get; init; }

    /// <summary>Gets the major version.</summary>
    public required int MajorVersion { get; init; }

    /// <summary>Gets the minor version.</summary>
    public required int MinorVersion { get; init; }

    /// <summary>Gets the revision version.</summary>
    public required int RevisionVersion { get; init; }

    /// <summary>Gets whether the release is incremental (0.2 <c>incremental</c>); <see langword="null"/> for NRMS, which leaves it to the ticket's ReleaseType.</summary>
    public bool? Incremental { get; init; }

    /// <summary>Gets whether the release is an emergency release (0.2 <c>emergency</c>); <see langword="null"/> for NRMS.</summary>
    public bool? Emergency { get; init; }

    /// <summary>Gets the release notes, unescaped.</summary>
    public string ReleaseNotes { get; init; } = "";

    /// <summary>Gets the change log (text or a link).</summary>
    public string ChangeLog { get; init; } = "";

    /// <summary>Gets the synchronisation protocol (for example <c>rsync</c>, <c>yum</c>).</summary>
    public string SynchProtocol { get; init; } = "";

    /// <summary>Gets the synchronisation URL; may be <c>n/a</c> in the 0.2 dialect.</summary>
    public string SynchUrl { get; init; } = "";

    /// <summary>Gets the target platform (0.2 <c>UMDmeta:targetPlatform</c>, for example <c>centos7</c> or <c>debian-squeeze</c>).</summary>
    public string? TargetPlatform { get; init; }

    /// <summary>Gets the target architecture (0.2 <c>UMDmeta:targetArch</c>, for example <c>x86_64</c>).</summary>
    public string? TargetArch { get; init; }

    /// <summary>Gets the capabilities (0.2 <c>UMDmeta:capability</c>).</summary>
    public ImmutableArray<string> Capabilities { get; init; } = [];

    /// <summary>Gets the packages (0.2 <c>UMDmeta:package</c>).</summary>
    public ImmutableArray<ReleasePackage> Packages { get; init; } = [];

    /// <summary>Gets the repositories the release ships in.</summary>
    public ImmutableArray<ReleaseRepository> Repositories { get; init; } = [];

    /// <summary>Gets the repo file (0.2 only), or <see langword="null"/>.</summary>
    public ReleaseRepoFile? RepoFile { get; init; }

    /// <summary>Gets the repo files an NRMS descriptor lists (<c>Repofiles/Repofile</c>, each a location); empty for 0.2.</summary>
    public ImmutableArray<string> RepoFiles { get; init; } = [];

    /// <summary>Gets the version as <c>MAJOR.MINOR.REVISION</c>.</summary>
    public string Version => $"{MajorVersion}.{MinorVersion}.{RevisionVersion}";

    /// <summary>Compares every property; collections element by element.</summary>
    /// <param name="other">The descriptor to compare with.</param>
    /// <returns>Whether the two descriptors describe the same release identically.</returns>
    public bool Equals(ReleaseDescriptor? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (Dialect == other.Dialect
                && ProductName == other.ProductName
                && ProductShortName == other.ProductShortName
                && TechnologyProvider == other.TechnologyProvider
                && TechnologyProviderShortName == other.TechnologyProviderShortName
                && Contact == other.Contact
                && TechnicalContact == other.TechnicalContact
                && Description == other.Description
                && Keywords == other.Keywords
                && SequenceEquality.Equal(DocumentationLinks, other.DocumentationLinks)
                && ReleaseDate == other.ReleaseDate
                && MajorVersion == other.MajorVersion
                && MinorVersion == other.MinorVersion
                && RevisionVersion == other.RevisionVersion
                && Incremental == other.Incremental
                && Emergency == other.Emergency
                && ReleaseNotes == other.ReleaseNotes
                && ChangeLog == other.ChangeLog
                && SynchProtocol == other.SynchProtocol
                && SynchUrl == other.SynchUrl
                && TargetPlatform == other.TargetPlatform
                && TargetArch == other.TargetArch
                && SequenceEquality.Equal(Capabilities, other.Capabilities)
                && SequenceEquality.Equal(Packages, other.Packages)
                && SequenceEquality.Equal(Repositories, other.Repositories)
                && Equals(RepoFile, other.RepoFile)
                && SequenceEquality.Equal(RepoFiles, other.RepoFiles)));

    /// <summary>Hashes the identifying properties, consistently with <see cref="Equals(ReleaseDescriptor?)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(
        Dialect,
        ProductShortName,
        ReleaseDate,
        MajorVersion,
        MinorVersion,
        RevisionVersion,
        SequenceEquality.Hash(Packages));
}
