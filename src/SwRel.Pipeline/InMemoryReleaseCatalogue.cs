using System.Globalization;

namespace SwRel.Pipeline;

/// <summary>An <see cref="IReleaseCatalogue"/> in process memory: the default, lost on exit.</summary>
/// <remarks>Thread-safe: every operation holds one lock for its (short) duration.</remarks>
public sealed class InMemoryReleaseCatalogue : IReleaseCatalogue
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Major, string Product, string Version), ReleaseCatalogueEntry> _entries =
        new(KeyComparer.Instance);

    /// <inheritdoc/>
    public ValueTask RecordAsync(ReleaseCatalogueEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var key = (entry.MajorRelease, entry.Product, entry.Version);
            if (_entries.TryGetValue(key, out var previous))
            {
                entry = entry with
                {
                    ChecksumsVerified = entry.ChecksumsVerified || previous.ChecksumsVerified,
                    TicketId = entry.TicketId ?? previous.TicketId,
                };
            }

            _entries[key] = entry;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<bool> RemoveAsync(string majorRelease, string product, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(majorRelease);
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(version);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_entries.Remove((majorRelease, product, version)));
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<ReleaseCatalogueEntry>> ListAsync(ReleaseCatalogueQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<ReleaseCatalogueEntry> found = _entries.Values
                .Where(e => Matches(e, query))
                .OrderByDescending(e => e.RecordedAtUtc)
                .ThenBy(e => e.MajorRelease, StringComparer.OrdinalIgnoreCase)
                .ThenBy(e => e.Product, StringComparer.OrdinalIgnoreCase)
                .ThenBy(e => e.Version, StringComparer.OrdinalIgnoreCase)
                .Take(query.Limit)
                .ToArray();
            return ValueTask.FromResult(found);
        }
    }

    private static bool Matches(ReleaseCatalogueEntry entry, ReleaseCatalogueQuery query)
    {
        if (query.Area is { } area && entry.Area != area)
        {
            return false;
        }

        if (query.MajorRelease is { } major && !string.Equals(entry.MajorRelease, major, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (string.IsNullOrEmpty(query.Search))
        {
            return true;
        }

        var text = query.Search;
        return entry.Product.Contains(text, StringComparison.OrdinalIgnoreCase)
            || entry.Version.Contains(text, StringComparison.OrdinalIgnoreCase)
            || entry.MajorRelease.Contains(text, StringComparison.OrdinalIgnoreCase)
            || entry.Path.Contains(text, StringComparison.OrdinalIgnoreCase)
            || (entry.TicketId is { } ticket && ticket.ToString(CultureInfo.InvariantCulture).Contains(text, StringComparison.Ordinal));
    }

    private sealed class KeyComparer : IEqualityComparer<(string Major, string Product, string Version)>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals((string Major, string Product, string Version) x, (string Major, string Product, string Version) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Major, y.Major)
            && StringComparer.OrdinalIgnoreCase.Equals(x.Product, y.Product)
            && StringComparer.OrdinalIgnoreCase.Equals(x.Version, y.Version);

        public int GetHashCode((string Major, string Product, string Version) key) => HashCode.Combine(
            StringComparer.OrdinalIgnoreCase.GetHashCode(key.Major),
            StringComparer.OrdinalIgnoreCase.GetHashCode(key.Product),
            StringComparer.OrdinalIgnoreCase.GetHashCode(key.Version));
    }
}
