using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;

namespace SwRel.Server.Tests;

public sealed class ReadEndpointTests
{
    private static async Task<HttpResponseMessage> PostAsync(ServerHost host, int ticket)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/requests")
        {
            Content = new StringContent(
                $"Ticket_Id={ticket}&Previous_Rollout_Progress=Submitted&Current_Rollout_Progress=Unverified&Emergency_Release=No",
                Encoding.UTF8,
                "application/x-www-form-urlencoded"),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServerHost.Token);
        return await host.Client.SendAsync(message);
    }

    private static int NewTicketInUnverified(ServerHost host)
    {
        var ticket = host.Gateway.CreateTicket(new Dictionary<string, string>
        {
            [TicketField.AssociatedMajorRelease.ToName()] = "umd-4",
            [TicketField.SyncProtocol.ToName()] = "file",
            [TicketField.SyncUrl.ToName()] = "file:///nowhere",
            [TicketField.EmergencyRelease.ToName()] = "No",
        });
        host.Gateway.Move(ticket, RolloutProgress.Unverified);
        return ticket;
    }

    [Fact]
    public async Task Healthz_and_readyz_answer_200_when_the_queue_and_the_ticket_system_answer()
    {
        await using var host = await ServerHost.StartAsync();

        using var alive = await host.Client.GetAsync("/healthz");
        using var ready = await host.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_count_answers_and_processing_in_the_Prometheus_text_format()
    {
        await using var host = await ServerHost.StartAsync();
        var ticket = NewTicketInUnverified(host);
        (await PostAsync(host, ticket)).Dispose();
        var deadline = DateTime.UtcNow + ServerHost.Patience;
        string text;
        do
        {
            await Task.Delay(50);
            using var response = await host.Client.GetAsync("/metrics");
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
            text = await response.Content.ReadAsStringAsync();
        }
        // The processor records the outcome, its time and the release's area one after another: wait for the last.
        while (!(text.Contains("swrel_processing_seconds_count", StringComparison.Ordinal)
                && text.Contains("swrel_releases_total{area=\"Unverified\"}", StringComparison.Ordinal)
                && text.Contains("swrel_queue_depth 0", StringComparison.Ordinal))
            && DateTime.UtcNow < deadline);

        var lines = text.Split('\n');
        Assert.Contains("swrel_api_requests_total{outcome=\"accepted\"} 1", lines);
        Assert.Contains("swrel_processed_requests_total{outcome=\"Succeeded\"} 1", lines);
        Assert.Contains("swrel_processing_seconds_count{outcome=\"Succeeded\"} 1", lines);
        Assert.Contains("swrel_processing_seconds_bucket{outcome=\"Succeeded\",le=\"+Inf\"} 1", lines);
        Assert.Contains("swrel_releases_total{area=\"Unverified\"} 1", lines);
        Assert.Contains("swrel_queue_depth 0", lines);
        Assert.Contains("# TYPE swrel_processing_seconds histogram", lines);
    }

    [Fact]
    public async Task Api_requests_lists_the_queue_and_the_recent_outcomes_as_JSON()
    {
        await using var host = await ServerHost.StartAsync();
        var ticket = NewTicketInUnverified(host);
        (await PostAsync(host, ticket)).Dispose();
        var deadline = DateTime.UtcNow + ServerHost.Patience;
        JsonElement recent;
        do
        {
            await Task.Delay(50);
            using var document = JsonDocument.Parse(await host.Client.GetStringAsync("/api/requests"));
            recent = document.RootElement.GetProperty("recent").Clone();
        }
        while (recent.GetArrayLength() == 0 && DateTime.UtcNow < deadline);

        var outcome = Assert.Single(recent.EnumerateArray());
        Assert.Equal(ticket, outcome.GetProperty("ticketId").GetInt32());
        Assert.Equal("Succeeded", outcome.GetProperty("outcome").GetString());
        Assert.Equal("Submitted -> Unverified", outcome.GetProperty("transition").GetString());
    }

    [Fact]
    public async Task Reads_need_the_token_when_configured_so()
    {
        await using var host = await ServerHost.StartAsync(o => o.RequireTokenForReads = true);

        using var open = await host.Client.GetAsync("/api/requests");
        using var withToken = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        withToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServerHost.Token);
        using var authorised = await host.Client.SendAsync(withToken);
        using var health = await host.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.Unauthorized, open.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authorised.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_server_without_a_token_or_a_secret_does_not_start_and_says_which_setting()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => ServerHost.StartAsync(o =>
        {
            o.ApiTokens.Clear();
            o.SigningSecret = null;
        }));

        Assert.Contains("Server:ApiTokens", e.Message, StringComparison.Ordinal);
    }
}
