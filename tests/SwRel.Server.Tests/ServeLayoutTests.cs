using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Metadata.Checksums;
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
        var ticket = await CreateTicketAsync();
        using var server = await ServeProcess.StartAsync(_folder, new Dictionary<string, string>
        {
            ["SWREL_Layout__ConfigFile"] = "layout.json",
            ["SWREL_Layout__PublicBaseUrl"] = Mirror,
        });

        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        using var message = new HttpRequestMessage(HttpMethod.Post, "api/requests")
        {
            Content = new StringContent(
                $"Ticket_Id={ticket}&Previous_Rollout_Progress=Submitted&Current_Rollout_Progress=Unverified&Emergency_Release=No",
                Encoding.UTF8,
                "application/x-www-form-urlencoded"),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServeProcess.Token);
        using var response = await http.SendAsync(message);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        const string Placed = "sw/candidates/umd-30/infn.argus.centos7.x86_64/1.7.3";
        var snapshot = await WaitForOutcomeAsync(ticket);
        Assert.Equal(Placed, snapshot.RepositoryUrl);
        var release = Path.Combine(_folder, "repository", Placed);
        Assert.Equal("fake rpm: argus-pap 1.7.3\n", await File.ReadAllTextAsync(Path.Combine(release, ArgusRelease.Package)));
        var repoFile = await File.ReadAllTextAsync(Path.Combine(release, "repofiles", "INFN.argus.centos7.x86_64.repo"));
        Assert.Contains($"baseurl={Mirror}{Placed}/", repoFile, StringComparison.Ordinal);
        Assert.DoesNotContain("from-the-file", repoFile, StringComparison.Ordinal);
    }

    private async Task<int> CreateTicketAsync()
    {
        var provider = Path.Combine(_folder, "provider");
        Directory.CreateDirectory(provider);
        await File.WriteAllTextAsync(Path.Combine(provider, ArgusRelease.Package), "fake rpm: argus-pap 1.7.3\n");
        var manifest = Encoding.UTF8.GetBytes(MetalinkWriter.WriteToString(await ManifestBuilder.CreateAsync(provider)));
        var store = new SqliteTicketStore(Path.Combine(_folder, "tickets.db"));
        var created = await store.CreateTicketAsync(
            new Dictionary<string, string>
            {
                [TicketField.AssociatedMajorRelease.ToName()] = "umd-30",
                [TicketField.SyncProtocol.ToName()] = "file",
                [TicketField.SyncUrl.ToName()] = new Uri(provider).AbsoluteUri,
            },
            "layout test",
            default);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors));
        Assert.True((await store.AttachAsync(created.TicketId, "release.xml", Encoding.UTF8.GetBytes(ArgusRelease.Xml), TicketWriter.SoftwareProvider, default)).Succeeded);
        Assert.True((await store.AttachAsync(created.TicketId, "checksums.xml", manifest, TicketWriter.SoftwareProvider, default)).Succeeded);
        Assert.True(await store.TrySetRolloutProgressAsync(created.TicketId, RolloutProgress.Submitted, RolloutProgress.Unverified, null, default));
        return created.TicketId;
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
