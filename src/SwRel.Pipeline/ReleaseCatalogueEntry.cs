using SwRel.Repository.Layout;

namespace SwRel.Pipeline;

/// <summary>One release the repository holds, as the release catalogue lists it (SPEC §12.1).</summary>
/// <remarks>
/// Immutable. A release is identified by its <see cref="MajorRelease"/>, <see cref="Product"/> and <see cref="Version"/>
/// (compared case-insensitively): recording it again moves it to its new area and path.
/// </remarks>
public sealed record ReleaseCatalogueEntry
{
    /// <summary>Gets the ticket that brought the release in, or <see langword="null"/> when it is not known (a release imported from a tree).</summary>
    public int? TicketId { get; init; }

    /// <summary>Gets the product's short name, for example <c>INFN.argus.centos7.x86_64</c>.</summary>
    public required string Product { get; init; }

    /// <summary>Gets the release's version, for example <c>1.7.3</c>.</summary>
    public required string Version { get; init; }

    /// <summary>Gets the AssociatedMajorRelease, for example <c>umd-4</c>.</summary>
    public required string MajorRelease { get; init; }

    /// <summary>Gets the area the release is in.</summary>
    public required RepositoryArea Area { get; init; }

    /// <summary>Gets the repository-relative folder the release occupies (for production, the shared folder it was merged into).</summary>
    public required string Path { get; init; }

    /// <summary>Gets whether the release's files were verified against its checksum manifest when it entered the repository.</summary>
    public bool ChecksumsVerified { get; init; }

    /// <summary>Gets when the release entered its current area.</summary>
    public required DateTimeOffset RecordedAtUtc { get; init; }
}
