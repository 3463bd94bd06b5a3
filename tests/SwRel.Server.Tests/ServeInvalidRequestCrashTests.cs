using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
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
        var store = new SqliteTicketStore(Path.Combine(_folder, "tickets.db"));
        var created = await store.CreateTicketAsync(
            new Dictionary<string, string> { [TicketField.AssociatedMajorRelease.ToName()] = "umd-4" }, "crash test", default);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors));
        var ticket = created.TicketId;
        var port = ServeProcess.FreePort();

        // A processor that sleeps an hour between passes has no chance to comment before the kill.
        using (var sleepy = await ServeProcess.StartAsync(_folder, port, new Dictionary<string, string> { ["SWREL_Pipeline__PollInterval"] = "01:00:00" }))
        {
            await Task.Delay(300);
            using var http = new HttpClient { BaseAddress = sleepy.Address, Timeout = TimeSpan.FromSeconds(10) };
            using var message = new HttpRequestMessage(HttpMethod.Post, "api/requests")
            {
                Content = new StringContent(
                    $"Ticket_Id={ticket}&Previous_Rollout_Progress=Submitted&Current_Rollout_Progress=Shipped&Emergency_Release=No",
                    Encoding.UTF8,
                    "application/x-www-form-urlencoded"),
            };
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServeProcess.Token);
            using var response = await http.SendAsync(message);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Shipped", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            await Task.Delay(300);
            sleepy.Kill();
        }

        Assert.Empty(await store.GetCommentsAsync(ticket, default));

        using (await ServeProcess.StartAsync(_folder, port))
        {
            var clock = Stopwatch.StartNew();
            while ((await store.GetCommentsAsync(ticket, default)).Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }

            // Time for a second comment to show, were the notice commented on twice.
            await Task.Delay(1000);
        }

        var comment = Assert.Single(await store.GetCommentsAsync(ticket, default));
        Assert.Equal("Repo", comment.Author);
        Assert.Contains("could not accept", comment.Text, StringComparison.Ordinal);
        Assert.Contains("Shipped", comment.Text, StringComparison.Ordinal);
    }
}
