using System.Diagnostics;
using System.Net;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline.Sqlite;
using SwRel.Pipeline.Tests;

namespace SwRel.Server.Tests;

// An operator's own repository: the layout file and the public address given to swrel serve decide where a release
// goes and what its repo file points at.
public sealed class ServeLayoutTests : IDisposable
{
    private const string Mirror = "http://mirror.example.org/egi/";

    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-serve-layout-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_daemon_places_a_release_by_its_layout_file_and_its_repo_file_names_the_public_address_given()
    {
        // The file's own address is replaced by the setting, which wins.
        await File.WriteAllTextAsync(Path.Combine(_folder, "layout.json"), """
            {"publicBaseUrl": "http://from-the-file.example.org/",
             "overrides": {"umd-30": {"unverified": "sw/candidates/{majorRelease}/{productShortName:lower}/{version}"}}}
            """);
        var ticket = await ServedRelease.SubmitAsync(_folder, "umd-30", await ServedRelease.ProvideAsync(_folder));
        using var server = await ServeProcess.StartAsync(_folder, new Dictionary<string, string>
        {
            ["SWREL_Layout__ConfigFile"] = "layout.json",
            ["SWREL_Layout__PublicBaseUrl"] = Mirror,
        });

        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await ServedRelease.PostAsync(http, server.Address, ticket);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        const string Placed = "sw/candidates/umd-30/infn.argus.centos7.x86_64/1.7.3";
        var snapshot = await WaitForOutcomeAsync(ticket);
        Assert.Equal(Placed, snapshot.RepositoryUrl);
        var release = Path.Combine(_folder, "repository", Placed);
        Assert.Equal(ServedRelease.PackageContent, await File.ReadAllTextAsync(Path.Combine(release, ArgusRelease.Package)));
        var repoFile = await File.ReadAllTextAsync(Path.Combine(release, "repofiles", "INFN.argus.centos7.x86_64.repo"));
        Assert.Contains($"baseurl={Mirror}{Placed}/", repoFile, StringComparison.Ordinal);
        Assert.DoesNotContain("from-the-file", repoFile, StringComparison.Ordinal);
    }

    private async Task<TicketSnapshot> WaitForOutcomeAsync(int ticket)
    {
        var store = new SqliteTicketStore(Path.Combine(_folder, "tickets.db"));
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var snapshot = (await store.GetTicketAsync(ticket, default))!;
            if (snapshot.RepositoryUrl is not null || snapshot.RolloutProgress == RolloutProgress.Failed)
            {
                var comments = await store.GetCommentsAsync(ticket, default);
                Assert.True(snapshot.RepositoryUrl is not null, $"The publication failed: {string.Join(" | ", comments.Select(c => c.Text))}");
                return snapshot;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"Ticket #{ticket} was not processed within two minutes.");
            await Task.Delay(100);
        }
    }
}
