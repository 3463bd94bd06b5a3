using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SwRel.Pipeline;

namespace SwRel.Pipeline.Sqlite;

/// <summary>Registers the SQLite request queue with a service collection.</summary>
public static class SqliteRequestQueueServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="SqliteRequestQueueOptions"/> (validated at start), a singleton
    /// <see cref="SqliteRequestQueue"/> as the <see cref="IRequestQueue"/> and a
    /// <see cref="SqliteInvalidRequestNoticeStore"/> over the same file as the <see cref="IInvalidRequestNoticeStore"/>,
    /// replacing any registered before (such as the in-memory fallbacks).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; at least <see cref="SqliteRequestQueueOptions.DatabasePath"/>.</param>
    /// <returns>The options builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static OptionsBuilder<SqliteRequestQueueOptions> AddSwRelSqliteRequestQueue(
        this IServiceCollection services, Action<SqliteRequestQueueOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddOptions<SqliteRequestQueueOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteRequestQueueOptions>, SqliteRequestQueueOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.RemoveAll<IRequestQueue>();
        services.AddSingleton<IRequestQueue>(provider => new SqliteRequestQueue(
            provider.GetRequiredService<IOptions<SqliteRequestQueueOptions>>().Value,
            provider.GetRequiredService<TimeProvider>()));
        services.RemoveAll<IInvalidRequestNoticeStore>();
        services.AddSingleton<IInvalidRequestNoticeStore>(provider => new SqliteInvalidRequestNoticeStore(
            provider.GetRequiredService<IOptions<SqliteRequestQueueOptions>>().Value,
            provider.GetRequiredService<TimeProvider>()));
        return builder;
    }
}
