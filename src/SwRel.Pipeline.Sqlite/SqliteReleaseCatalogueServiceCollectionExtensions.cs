using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SwRel.Pipeline;

namespace SwRel.Pipeline.Sqlite;

/// <summary>Registers the SQLite release catalogue with a service collection.</summary>
public static class SqliteReleaseCatalogueServiceCollectionExtensions
{
    /// <summary>
    /// Adds a singleton <see cref="SqliteReleaseCatalogue"/> as the <see cref="IReleaseCatalogue"/>, replacing any
    /// catalogue registered before (such as the pipeline's in-memory default), so the order of the calls does not matter.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="databasePath">The database file's path (created with its folder when missing).</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="databasePath"/> is empty.</exception>
    public static IServiceCollection AddSwRelSqliteReleaseCatalogue(this IServiceCollection services, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        services.RemoveAll<IReleaseCatalogue>();
        services.AddSingleton<IReleaseCatalogue>(_ => new SqliteReleaseCatalogue(databasePath));
        return services;
    }
}
