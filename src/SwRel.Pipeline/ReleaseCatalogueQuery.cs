using SwRel.Repository.Layout;

namespace SwRel.Pipeline;

/// <summary>Which catalogue entries <see cref="IReleaseCatalogue.ListAsync"/> returns.</summary>
/// <remarks>Immutable. Every criterion left <see langword="null"/> matches everything; the default query lists the newest <see cref="DefaultLimit"/> entries.</remarks>
public sealed record ReleaseCatalogueQuery
{
    /// <summary>The number of entries listed when <see cref="Limit"/> is not set.</summary>
    public const int DefaultLimit = 1000;

    /// <summary>Gets the area to list, or <see langword="null"/> for every area.</summary>
    public RepositoryArea? Area { get; init; }

    /// <summary>Gets the AssociatedMajorRelease to list (compared case-insensitively), or <see langword="null"/> for all.</summary>
    public string? MajorRelease { get; init; }

    /// <summary>Gets text that the product, version, major release, path or ticket number must contain (case-insensitively), or <see langword="null"/>.</summary>
    public string? Search { get; init; }

    /// <summary>Gets the most entries to return, newest first; at least 1. Default <see cref="DefaultLimit"/>.</summary>
    public int Limit { get; init; } = DefaultLimit;
}
