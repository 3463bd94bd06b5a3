using SwRel.Pipeline;
using SwRel.Repository.Layout;

namespace SwRel.Pipeline.Tests;

/// <summary>The behaviour every <see cref="IReleaseCatalogue"/> owes its readers (SPEC §12.1), run against each implementation.</summary>
public abstract class ReleaseCatalogueContract
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private protected abstract IReleaseCatalogue CreateCatalogue();

    private static ReleaseCatalogueEntry Entry(string product, string version, RepositoryArea area, int minutes, string major = "umd-4", int? ticket = 1) => new()
    {
        TicketId = ticket,
        Product = product,
        Version = version,
        MajorRelease = major,
        Area = area,
        Path = $"sw/{area.ToString().ToLowerInvariant()}/{major}.{product.ToLowerInvariant()}/{version.Replace('.', '/')}",
        ChecksumsVerified = area == RepositoryArea.Unverified,
        RecordedAtUtc = Start.AddMinutes(minutes),
    };

    [Fact]
    public async Task An_entry_round_trips_every_field()
    {
        var catalogue = CreateCatalogue();
        var entry = Entry("INFN.argus.centos7.x86_64", "1.7.3", RepositoryArea.Unverified, 0, ticket: 42);

        await catalogue.RecordAsync(entry, default);

        Assert.Equal([entry], await catalogue.ListAsync(new ReleaseCatalogueQuery(), default));
    }

    // SPEC §12.1: the catalogue holds every release the repository holds, in the area it is in now.
    [Fact]
    public async Task Recording_a_release_again_moves_it_and_keeps_its_verification_and_ticket()
    {
        var catalogue = CreateCatalogue();
        await catalogue.RecordAsync(Entry("INFN.argus", "1.7.3", RepositoryArea.Unverified, 0, ticket: 42), default);

        var promoted = Entry("infn.ARGUS", "1.7.3", RepositoryArea.StageRollout, 5, major: "UMD-4", ticket: null);
        await catalogue.RecordAsync(promoted, default);

        var listed = Assert.Single(await catalogue.ListAsync(new ReleaseCatalogueQuery(), default));
        Assert.Equal(RepositoryArea.StageRollout, listed.Area);
        Assert.Equal(promoted.Path, listed.Path);
        Assert.Equal(promoted.RecordedAtUtc, listed.RecordedAtUtc);
        Assert.True(listed.ChecksumsVerified);
        Assert.Equal(42, listed.TicketId);
    }

    [Fact]
    public async Task A_removed_release_is_no_longer_listed()
    {
        var catalogue = CreateCatalogue();
        await catalogue.RecordAsync(Entry("INFN.argus", "1.7.3", RepositoryArea.Unverified, 0), default);
        await catalogue.RecordAsync(Entry("INFN.argus", "1.7.4", RepositoryArea.Unverified, 1), default);

        Assert.True(await catalogue.RemoveAsync("umd-4", "infn.argus", "1.7.3", default));
        Assert.False(await catalogue.RemoveAsync("umd-4", "infn.argus", "1.7.3", default));

        Assert.Equal(["1.7.4"], (await catalogue.ListAsync(new ReleaseCatalogueQuery(), default)).Select(e => e.Version));
    }

    [Fact]
    public async Task A_query_filters_by_area_major_release_and_text_newest_first_up_to_its_limit()
    {
        var catalogue = CreateCatalogue();
        await catalogue.RecordAsync(Entry("INFN.argus", "1.7.3", RepositoryArea.Unverified, 0), default);
        await catalogue.RecordAsync(Entry("INFN.argus", "1.7.4", RepositoryArea.Production, 1), default);
        await catalogue.RecordAsync(Entry("CERN.fts", "3.2.0", RepositoryArea.Production, 2), default);
        await catalogue.RecordAsync(Entry("CERN.fts", "3.2.0", RepositoryArea.Unverified, 3, major: "umd-5", ticket: 777), default);

        static string Key(ReleaseCatalogueEntry e) => $"{e.MajorRelease}/{e.Product}/{e.Version}";
        async Task<string[]> ListAsync(ReleaseCatalogueQuery query) => [.. (await catalogue.ListAsync(query, default)).Select(Key)];

        Assert.Equal(["umd-5/CERN.fts/3.2.0", "umd-4/CERN.fts/3.2.0", "umd-4/INFN.argus/1.7.4", "umd-4/INFN.argus/1.7.3"], await ListAsync(new ReleaseCatalogueQuery()));
        Assert.Equal(["umd-4/CERN.fts/3.2.0", "umd-4/INFN.argus/1.7.4"], await ListAsync(new ReleaseCatalogueQuery { Area = RepositoryArea.Production }));
        Assert.Equal(["umd-5/CERN.fts/3.2.0"], await ListAsync(new ReleaseCatalogueQuery { MajorRelease = "UMD-5" }));
        Assert.Equal(["umd-5/CERN.fts/3.2.0", "umd-4/CERN.fts/3.2.0"], await ListAsync(new ReleaseCatalogueQuery { Search = "fts" }));
        Assert.Equal(["umd-5/CERN.fts/3.2.0"], await ListAsync(new ReleaseCatalogueQuery { Search = "777" }));
        Assert.Equal(["umd-4/INFN.argus/1.7.4"], await ListAsync(new ReleaseCatalogueQuery { Search = "1.7.4" }));
        Assert.Equal(["umd-5/CERN.fts/3.2.0", "umd-4/CERN.fts/3.2.0"], await ListAsync(new ReleaseCatalogueQuery { Limit = 2 }));
        Assert.Empty(await ListAsync(new ReleaseCatalogueQuery { Area = RepositoryArea.StageRollout }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await catalogue.ListAsync(new ReleaseCatalogueQuery { Limit = 0 }, default));
    }
}
