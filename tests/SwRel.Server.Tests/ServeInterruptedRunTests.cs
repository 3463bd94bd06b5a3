using System.Diagnostics;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Pipeline.Sqlite;
using SwRel.Pipeline.Tests;

namespace SwRel.Server.Tests;

// A daemon killed inside an intake leaves the release published and its run uncommitted. The retry finds the release in
// place; the next run of the executor, whichever ticket's it is, must not then roll that run back and take the release away.
public sealed class ServeInterruptedRunTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-serve-interrupted-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_release_published_by_a_run_killed_before_it_committed_stays_after_the_next_tickets_run()
    {
        var first = await NewTicketAsync("umd-30");
        var second = await NewTicketAsync("umd-31");
        // The index refresh comes after the publication inside the run: the first refresh kills the daemon there.
        var marker = Path.Combine(_folder, "killed");
        var refresh = Path.Combine(_folder, "refresh-index");
        await File.WriteAllTextAsync(refresh, $"#!/bin/sh\nif [ ! -e '{marker}' ]; then touch '{marker}'; kill -9 $PPID; sleep 60; fi\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(refresh, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var settings = new Dictionary<string, string> { ["SWREL_Pipeline__RefreshIndexCommand"] = refresh };

        // Queued as another process would, once the daemon answers: a post's answer could be cut off by the kill.
        using (var killed = await ServeProcess.StartAsync(_folder, settings))
        {
            await Queue().EnqueueAsync(Request(first), default);
            Assert.True(killed.WaitForExit(ServerHost.Patience), "The index refresh did not kill the daemon.");
        }

        Assert.True(Directory.EnumerateDirectories(Path.Combine(_folder, "repository", ".swrel", "journal")).Any(), "The killed run left no journal.");
        using (await ServeProcess.StartAsync(_folder, settings))
        {
            // The first request comes back when its lease expires; the second ticket's run follows it.
            await ProcessedAsync(first);
            await Queue().EnqueueAsync(Request(second), default);
            await ProcessedAsync(second);
        }

        foreach (var (ticket, major) in new[] { (first, "umd-30"), (second, "umd-31") })
        {
            var path = $"sw/unverified/{major}.infn.argus.centos7.x86_64/1/7/3";
            Assert.Equal(path, (await Store().GetTicketAsync(ticket, default))!.RepositoryUrl);
            Assert.True(File.Exists(Path.Combine(_folder, "repository", path, ArgusRelease.Package)), $"Ticket #{ticket}'s release is not at {path}.");
        }
    }

    private static ProvisioningRequest Request(int ticket) => new(ticket, RolloutProgress.Submitted, RolloutProgress.Unverified, Emergency: false);

    private SqliteTicketStore Store() => new(Path.Combine(_folder, "tickets.db"));

    private SqliteRequestQueue Queue() => new(new SqliteRequestQueueOptions { DatabasePath = Path.Combine(_folder, "queue.db") });

    private async Task<int> NewTicketAsync(string major) =>
        await ServedRelease.SubmitAsync(_folder, major, await ServedRelease.ProvideAsync(_folder));

    /// <summary>Waits until the ticket's request has left the queue, which it does after its last write to the ticket.</summary>
    private async Task ProcessedAsync(int ticket)
    {
        var queue = Queue();
        var clock = Stopwatch.StartNew();
        while ((await queue.ListAsync(default)).Any(r => r.Request.TicketId == ticket) && clock.Elapsed < ServerHost.Patience)
        {
            await Task.Delay(100);
        }

        Assert.DoesNotContain(await queue.ListAsync(default), r => r.Request.TicketId == ticket);
    }
}
