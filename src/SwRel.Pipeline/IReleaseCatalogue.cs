namespace SwRel.Pipeline;

/// <summary>
/// The release catalogue (SPEC §12.1): every release the repository holds, with its ticket, product, version, major
/// release, area, path, whether its checksums were verified, and when it entered its area. The pipeline writes it after
/// each repository action that succeeded; the status page, the API and <c>swrel releases</c> read it.
/// </summary>
/// <remarks>
/// Implementations are safe for concurrent use. <see cref="InMemoryReleaseCatalogue"/> is the default registered by
/// <see cref="PipelineServiceCollectionExtensions.AddSwRelPipeline"/>; the SQLite catalogue (package
/// SwRel.Pipeline.Sqlite) keeps it across restarts.
/// </remarks>
public interface IReleaseCatalogue
{
    /// <summary>
    /// Records that a release entered an area: adds it, or moves the entry of the same major release, product and
    /// version to the new area and path.
    /// </summary>
    /// <param name="entry">The release.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the entry is stored.</returns>
    /// <remarks>
    /// Verification happens when a release enters the repository, not when it is promoted: an entry that was recorded
    /// with <see cref="ReleaseCatalogueEntry.ChecksumsVerified"/> keeps it when the release moves on. A
    /// <see langword="null"/> <see cref="ReleaseCatalogueEntry.TicketId"/> keeps the ticket already recorded.
    /// </remarks>
    ValueTask RecordAsync(ReleaseCatalogueEntry entry, CancellationToken cancellationToken);

    /// <summary>Removes a release that left the repository (rejected, ignored or not published).</summary>
    /// <param name="majorRelease">The AssociatedMajorRelease.</param>
    /// <param name="product">The product's short name.</param>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when an entry was removed; <see langword="false"/> when there was none.</returns>
    ValueTask<bool> RemoveAsync(string majorRelease, string product, string version, CancellationToken cancellationToken);

    /// <summary>Lists the entries that match a query, newest first (by <see cref="ReleaseCatalogueEntry.RecordedAtUtc"/>).</summary>
    /// <param name="query">The criteria.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The entries, at most <see cref="ReleaseCatalogueQuery.Limit"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The query's limit is less than 1.</exception>
    ValueTask<IReadOnlyList<ReleaseCatalogueEntry>> ListAsync(ReleaseCatalogueQuery query, CancellationToken cancellationToken);
}
