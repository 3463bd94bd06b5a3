using Microsoft.Extensions.DependencyInjection;
using SwRel.Pipeline;
using SwRel.Testing;

namespace SwRel.Pipeline.Sqlite.Tests;

public sealed class SqliteRequestQueueServiceCollectionTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_SQLite_queue_and_its_notice_store_are_registered_whatever_the_registration_order(bool sqliteFirst)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ITicketGateway>(new InMemoryTicketGateway());
        var path = Path.Combine(Path.GetTempPath(), "swrel-di", "queue.db");
        if (sqliteFirst)
        {
            services.AddSwRelSqliteRequestQueue(o => o.DatabasePath = path);
        }

        services.AddSwRelPipeline(o => o.RepositoryRoot = Path.Combine(Path.GetTempPath(), "swrel-di-root"));
        if (!sqliteFirst)
        {
            services.AddSwRelSqliteRequestQueue(o => o.DatabasePath = path);
        }

        using var provider = services.BuildServiceProvider();

        Assert.IsType<SqliteRequestQueue>(provider.GetRequiredService<IRequestQueue>());
        Assert.Single(services, d => d.ServiceType == typeof(IRequestQueue));
        Assert.IsType<SqliteInvalidRequestNoticeStore>(provider.GetRequiredService<IInvalidRequestNoticeStore>());
        Assert.Single(services, d => d.ServiceType == typeof(IInvalidRequestNoticeStore));
    }
}
