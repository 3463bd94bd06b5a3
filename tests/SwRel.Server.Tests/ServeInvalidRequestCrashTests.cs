using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using SwRel.Domain.Tickets;
using SwRel.Pipeline.Sqlite;

namespace SwRel.Server.Tests;

// An invalid request that names a ticket must lead to a comment on that ticket, also when the daemon is killed after
// answering 400 and before commenting: the notice waits in the queue's file, and the restarted daemon comments once.
public sealed class ServeInvalidRequestCrashTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-serve-notice-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task An_invalid_request_answered_before_a_kill_9_is_commented_on_its_ticket_exactly_once_after_the_restart()
    {
        var tickets = Path.Combine(_folder, "tickets.db");
        var store = new SqliteTicketStore(tickets);
        var created = await store.CreateTicketAsync(
            new Dictionary<string, string> { [TicketField.AssociatedMajorRelease.ToName()] = "umd-4" }, "crash test", default);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors));
        var ticket = created.TicketId;

        // A processor that sleeps an hour between passes still makes one pass at start, and a slow start can put that pass
        // after the post: the ticket system's file stays locked for writing until the kill, so no comment can get in first.
        using (var sleepy = await ServeProcess.StartAsync(_folder, new Dictionary<string, string> { ["SWREL_Pipeline__PollInterval"] = "01:00:00" }))
        using (HoldWriteLock(tickets))
        {
            using var http = new HttpClient { BaseAddress = sleepy.Address, Timeout = TimeSpan.FromMinutes(2) };
            using var response = await ServedRelease.PostAsync(http, sleepy.Address, ticket, to: "Shipped");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Shipped", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            sleepy.Kill();
        }

        Assert.Empty(await store.GetCommentsAsync(ticket, default));
        var notices = new SqliteInvalidRequestNoticeStore(new SqliteRequestQueueOptions { DatabasePath = Path.Combine(_folder, "queue.db") });
        Assert.Single(await notices.ListAsync(10, default));

        using (await ServeProcess.StartAsync(_folder))
        {
            // The notice leaves the queue's file only after its comment is stored; once it is gone nothing can comment again.
            var clock = Stopwatch.StartNew();
            while ((await notices.ListAsync(10, default)).Count > 0 && clock.Elapsed < TimeSpan.FromMinutes(3))
            {
                await Task.Delay(100);
            }

            Assert.Empty(await notices.ListAsync(10, default));
        }

        var comment = Assert.Single(await store.GetCommentsAsync(ticket, default));
        Assert.Equal("Repo", comment.Author);
        Assert.Contains("could not accept", comment.Text, StringComparison.Ordinal);
        Assert.Contains("Shipped", comment.Text, StringComparison.Ordinal);
    }

    /// <summary>Takes the database's write lock from this process, as a busy ticket system would, until disposed; readers still read.</summary>
    private static SqliteConnection HoldWriteLock(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE;";
        begin.ExecuteNonQuery();
        return connection;
    }
}
