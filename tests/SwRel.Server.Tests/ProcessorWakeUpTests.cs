using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;

namespace SwRel.Server.Tests;

public sealed class ProcessorWakeUpTests
{
    // The poll interval is for requests another process queues; one this server accepts is taken at once.
    [Fact]
    public async Task A_request_the_API_accepts_is_processed_at_once_not_at_the_processors_next_poll()
    {
        await using var host = await ServerHost.StartAsync(pollInterval: TimeSpan.FromHours(1));
        var ticket = host.Gateway.CreateTicket(new Dictionary<string, string>
        {
            [TicketField.AssociatedMajorRelease.ToName()] = "umd-4",
            [TicketField.SyncProtocol.ToName()] = "file",
            [TicketField.SyncUrl.ToName()] = "file:///nowhere",
            [TicketField.EmergencyRelease.ToName()] = "No",
        });
        host.Gateway.Move(ticket, RolloutProgress.Unverified);

        // Let the processor find the queue empty and start its hour-long wait.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/requests")
        {
            Content = new StringContent(
                $"Ticket_Id={ticket}&Previous_Rollout_Progress=Submitted&Current_Rollout_Progress=Unverified&Emergency_Release=No",
                Encoding.UTF8,
                "application/x-www-form-urlencoded"),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServerHost.Token);
        using var answer = await host.Client.SendAsync(message);
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);

        var clock = Stopwatch.StartNew();
        var processed = 0;
        while (processed == 0 && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
            using var document = JsonDocument.Parse(await host.Client.GetStringAsync("/api/requests"));
            processed = document.RootElement.GetProperty("recent").GetArrayLength();
        }

        Assert.Equal(1, processed);
    }
}
