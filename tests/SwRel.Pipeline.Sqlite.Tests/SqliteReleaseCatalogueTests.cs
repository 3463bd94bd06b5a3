using Microsoft.Extensions.DependencyInjection;
using SwRel.Pipeline;
using SwRel.Pipeline.Sqlite;
using SwRel.Pipeline.Tests;
using SwRel.Repository.Layout;

namespace SwRel.Pipeline.Sqlite.Tests;

public sealed class SqliteReleaseCatalogueTests : ReleaseCatalogueContract, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-catalogue-").FullName;

    private string DatabasePath => Path.Combine(_folder, "data", "catalogue.db");

    public void Dispose()
    {
        SqliteDatabase.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private protected override IReleaseCatalogue CreateCatalogue() => new SqliteReleaseCatalogue(DatabasePath);

    [Fact]
    public async Task Entries_survive_reopening_the_database()
    {
        var entry = new ReleaseCatalogueEntry
        {
            TicketId = 9,
            Product = "INFN.argus",
            Version = "1.7.3",
            MajorRelease = "umd-4",
            Area = RepositoryArea.StageRollout,
            Path = "sw/stagerollout/umd-4.infn.argus/1/7/3",
            RecordedAtUtc = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        };
        await new SqliteReleaseCatalogue(DatabasePath).RecordAsync(entry, default);
        SqliteDatabase.ClearAllPools();

        var listed = await new SqliteReleaseCatalogue(DatabasePath).ListAsync(new ReleaseCatalogueQuery(), default);

        Assert.Equal([entry], listed);
    }

    [Fact]
    public void The_registration_replaces_the_pipelines_in_memory_catalogue_whatever_the_order()
    {
        var services = new ServiceCollection();
        services.AddSwRelSqliteReleaseCatalogue(DatabasePath);
        services.AddSwRelPipeline(o => o.RepositoryRoot = _folder);

        using var provider = services.BuildServiceProvider();

        Assert.IsType<SqliteReleaseCatalogue>(provider.GetRequiredService<IReleaseCatalogue>());
    }
}
