using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using SwRel.Domain.Tickets;
using SwRel.Domain.History;
using SwRel.Domain.Workflow;
using SwRel.Pipeline.Sqlite;
using SwRel.Pipeline.Tests;

namespace SwRel.Server.Tests;

// SPEC §12.1: the daemon "survives kill -9 at any moment: after a restart every accepted request is
// processed exactly once in effect". Most tickets' requests fail (they have no release.xml), so their effect
// is visible from outside the process: one Repo comment, one Failed history entry, the ticket in Failed. The
// first few carry a real release, each of its own major release, and are published: one comment per request
// the daemon queued for them, no new history entry, the release's files in the unverified area, RepositoryURL
// set, and no run left half done.
public sealed class ServeLoadTests : IDisposable
{
    private const int Clients = 32;
    private const int PostsPerClient = 10;
    private const int Tickets = Clients * PostsPerClient / 2;
    private const int Publishing = 8;

    // Deadlines for work that is waited for, not timed: a loaded machine may be many times slower than a quiet one.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-serve-load-").FullName;
    private readonly Dictionary<int, int> _publishing = [];
    private readonly ConcurrentDictionary<int, int> _posts = new();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Concurrent_posts_to_the_real_daemon_are_each_processed_exactly_once_in_effect()
    {
        var tickets = await CreateTicketsAsync();
        using var server = await ServeProcess.StartAsync(_folder);
        var accepted = new ConcurrentBag<int>();

        // Every ticket's request is posted by two clients, so that duplicates race each other too.
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            using var http = new HttpClient { Timeout = Patience };
            for (var i = 0; i < PostsPerClient; i++)
            {
                var ticket = tickets[((client * PostsPerClient) + i) % Tickets];
                using var response = await PostAsync(http, server.Address, ticket);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                accepted.Add(ticket);
            }
        })));

        Assert.Equal(Clients * PostsPerClient, accepted.Count);
        await AssertProcessedOnceAsync(accepted.Distinct().ToList(), kills: 0);
    }

    [Fact]
    public async Task After_kill_9_at_random_moments_every_request_answered_OK_is_processed_exactly_once_in_effect()
    {
        var tickets = await CreateTicketsAsync();
        var server = await ServeProcess.StartAsync(_folder);
        // Each start binds a port of its own; the clients post wherever the daemon listens now.
        var address = server.Address;
        var accepted = new ConcurrentDictionary<int, bool>();
        var next = -1;
        var random = new Random(1234);
        using var stop = new CancellationTokenSource(Patience);
        try
        {
            var clients = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                int index;
                while ((index = Interlocked.Increment(ref next)) < Tickets * 2 && !stop.IsCancellationRequested)
                {
                    var ticket = tickets[index % Tickets];
                    // A post the kill cut off is posted again, as the ticket system would.
                    while (!stop.IsCancellationRequested)
                    {
                        try
                        {
                            using var response = await PostAsync(http, Volatile.Read(ref address), ticket);
                            if (response.StatusCode == HttpStatusCode.Accepted)
                            {
                                accepted[ticket] = true;
                                break;
                            }
                        }
                        catch (HttpRequestException)
                        {
                        }
                        catch (TaskCanceledException)
                        {
                        }

                        await Task.Delay(20);
                    }
                }
            })).ToList();

            for (var kill = 0; kill < 3; kill++)
            {
                await Task.Delay(random.Next(100, 700));
                server.Kill();
                server.Dispose();
                server = await ServeProcess.StartAsync(_folder);
                Volatile.Write(ref address, server.Address);
            }

            await Task.WhenAll(clients);
            Assert.False(stop.IsCancellationRequested, $"The clients did not finish within {Patience.TotalMinutes} minutes.");
            Assert.Equal(Tickets, accepted.Count);
            await AssertProcessedOnceAsync([.. accepted.Keys], kills: 3);
        }
        finally
        {
            server.Dispose();
        }
    }

    private Task<HttpResponseMessage> PostAsync(HttpClient http, Uri server, int ticket)
    {
        _posts.AddOrUpdate(ticket, 1, (_, n) => n + 1);
        return ServedRelease.PostAsync(http, server, ticket);
    }

    private static string UnverifiedPath(int index) => $"sw/unverified/umd-{20 + index}.infn.argus.centos7.x86_64/1/7/3";

    private async Task<int[]> CreateTicketsAsync()
    {
        var manifest = await ServedRelease.ProvideAsync(_folder);
        var tickets = new int[Tickets];
        for (var i = 0; i < Publishing; i++)
        {
            tickets[i] = await ServedRelease.SubmitAsync(_folder, $"umd-{20 + i}", manifest);
            _publishing[tickets[i]] = i;
        }

        var store = new SqliteTicketStore(Path.Combine(_folder, "tickets.db"));
        for (var i = Publishing; i < Tickets; i++)
        {
            var created = await store.CreateTicketAsync(
                new Dictionary<string, string>
                {
                    [TicketField.AssociatedMajorRelease.ToName()] = $"umd-{4 + (i % 3)}",
                    [TicketField.SyncProtocol.ToName()] = "file",
                    [TicketField.SyncUrl.ToName()] = "file:///nowhere",
                },
                "load test",
                default);
            Assert.True(created.Succeeded, string.Join(" ", created.Errors));
            tickets[i] = created.TicketId;
            Assert.True(await store.TrySetRolloutProgressAsync(created.TicketId, RolloutProgress.Submitted, RolloutProgress.Unverified, null, default));
        }

        return tickets;
    }

    private async Task AssertProcessedOnceAsync(IReadOnlyList<int> tickets, int kills)
    {
        // Read from outside the daemon, through the same files an operator's swrel ticket show reads.
        var store = new SqliteTicketStore(Path.Combine(_folder, "tickets.db"));
        var queue = new SqliteRequestQueue(new SqliteRequestQueueOptions { DatabasePath = Path.Combine(_folder, "queue.db") });
        var clock = Stopwatch.StartNew();
        var pending = tickets.ToHashSet();
        var queued = int.MaxValue;

        // A request leaves the queue only after its last write to the ticket (a publication sets RepositoryURL before its
        // comment), so once the queue is empty every effect is in and a request processed twice would show its second one.
        while ((pending.Count > 0 || queued > 0) && clock.Elapsed < Patience)
        {
            foreach (var ticket in pending.ToList())
            {
                var snapshot = (await store.GetTicketAsync(ticket, default))!;
                if (snapshot.RolloutProgress == RolloutProgress.Failed || snapshot.RepositoryUrl is not null)
                {
                    pending.Remove(ticket);
                }
            }

            queued = (await queue.ListAsync(default)).Count;
            await Task.Delay(100);
        }

        Assert.True(pending.Count == 0, $"{pending.Count} accepted requests were not processed within {Patience.TotalMinutes} minutes: tickets {string.Join(", ", pending.Take(20))}.");
        Assert.True(queued == 0, $"{queued} requests were still queued after {Patience.TotalMinutes} minutes.");
        var repository = Path.Combine(_folder, "repository");
        foreach (var ticket in tickets)
        {
            var snapshot = (await store.GetTicketAsync(ticket, default))!;
            var comments = (await store.GetCommentsAsync(ticket, default)).Where(c => c.Author == "Repo").ToList();
            if (_publishing.TryGetValue(ticket, out var index))
            {
                // An equal request is queued once only while the first waits or runs; a post after it finished (the other
                // client's, or one repeated because a kill cut off its answer) is a request of its own, and its intake,
                // finding the release in place, is carried out again. The comment is named by the ticket's stay in
                // Unverified, so the ticket is told once.
                Assert.True(
                    comments.Count == 1,
                    $"Ticket #{ticket} has {comments.Count} comments by Repo for {_posts[ticket]} posts after {kills} kills: {string.Join(" | ", comments.Select(c => c.Text))}");
                Assert.All(comments, c => Assert.Equal($"The repository carried out Submitted -> Unverified; the release is at {UnverifiedPath(index)}.", c.Text));
                Assert.Equal(RolloutProgress.Unverified, snapshot.RolloutProgress);
                // The set-up's two entries and nothing more: a publication adds no state.
                Assert.Equal([RolloutProgress.Submitted, RolloutProgress.Unverified], snapshot.History.Entries.Select(e => e.State));
                Assert.Equal(UnverifiedPath(index), snapshot.RepositoryUrl);
                Assert.Equal(ServedRelease.PackageContent, await File.ReadAllTextAsync(Path.Combine(repository, UnverifiedPath(index), ArgusRelease.Package)));
                continue;
            }


            // The processor comments before it sets Failed (two writes); a kill between the two makes the request run
            // again, and the comment's key keeps the ticket at one comment.
            Assert.True(comments.Count == 1, $"Ticket #{ticket} has {comments.Count} comments by Repo after {kills} kills: {string.Join(" | ", comments.Select(c => c.Text))}");
            Assert.Single(snapshot.History.Entries, e => e.State == RolloutProgress.Failed);
            Assert.Equal(RolloutProgress.Failed, snapshot.RolloutProgress);
        }

        // No run of the executor is left to roll back: each publication happened once, whole.
        var journal = Path.Combine(repository, ".swrel", "journal");
        Assert.True(!Directory.Exists(journal) || Directory.GetDirectories(journal).Length == 0, "A run of the executor was left in the journal.");
    }
}
