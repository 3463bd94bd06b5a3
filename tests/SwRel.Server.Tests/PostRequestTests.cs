using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;

namespace SwRel.Server.Tests;

public sealed class PostRequestTests
{
    private static Dictionary<string, string> Fields(string major = "umd-4") => new()
    {
        [TicketField.AssociatedMajorRelease.ToName()] = major,
        [TicketField.SyncProtocol.ToName()] = "file",
        [TicketField.SyncUrl.ToName()] = "file:///nowhere",
        [TicketField.EmergencyRelease.ToName()] = "No",
    };

    private static string Form(int ticket, string previous = "Submitted", string current = "Unverified") =>
        $"Ticket_Id={ticket}&Previous_Rollout_Progress={previous}&Current_Rollout_Progress={current}&Emergency_Release=No";

    private static HttpRequestMessage Post(string body, string? token = ServerHost.Token, string mediaType = "application/x-www-form-urlencoded")
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        if (token is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return message;
    }

    private static HttpRequestMessage Signed(string body, string secret, DateTimeOffset at)
    {
        var message = Post(body, token: null);
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body));
        message.Headers.Add("X-SwRel-Timestamp", timestamp);
        message.Headers.Add("X-SwRel-Signature", "sha256=" + Convert.ToHexStringLower(mac));
        return message;
    }

    private static Task WaitForRunsAsync(ServerHost host, int count) =>
        ServerHost.UntilAsync(() => Task.FromResult(host.Actions.Runs.Count >= count));

    [Fact]
    public async Task A_form_request_with_a_bearer_token_is_answered_OK_and_processed()
    {
        await using var host = await ServerHost.StartAsync();
        var ticket = host.Gateway.CreateTicket(Fields());
        host.Gateway.Move(ticket, RolloutProgress.Unverified);

        using var response = await host.Client.SendAsync(Post(Form(ticket)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("OK", await response.Content.ReadAsStringAsync());
        await WaitForRunsAsync(host, 1);
        Assert.Equal([(ticket, RolloutProgress.Submitted, RolloutProgress.Unverified)], host.Actions.Runs);
    }

    [Fact]
    public async Task A_JSON_request_is_accepted_like_a_form()
    {
        await using var host = await ServerHost.StartAsync();
        var ticket = host.Gateway.CreateTicket(Fields());
        host.Gateway.Move(ticket, RolloutProgress.Unverified);
        var json = $$"""{"Ticket_Id": {{ticket}}, "Previous_Rollout_Progress": "Submitted", "Current_Rollout_Progress": "Unverified", "Emergency_Release": "No"}""";

        using var response = await host.Client.SendAsync(Post(json, mediaType: "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WaitForRunsAsync(host, 1);
        Assert.Single(host.Actions.Runs);
    }

    [Theory]
    [InlineData(null, "credentials are missing")]
    [InlineData("not-the-token-at-all-000000", "the bearer token is not valid")]
    public async Task A_request_without_a_valid_token_is_refused_with_401_and_not_queued(string? token, string message)
    {
        await using var host = await ServerHost.StartAsync();
        var ticket = host.Gateway.CreateTicket(Fields());
        host.Gateway.Move(ticket, RolloutProgress.Unverified);

        using var response = await host.Client.SendAsync(Post(Form(ticket), token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await host.Services.GetRequiredService<IRequestQueue>().ListAsync(default));
        await Task.Delay(200);
        Assert.Empty(host.Actions.Runs);
    }

    [Fact]
    public async Task A_request_signed_with_the_shared_secret_is_accepted()
    {
        await using var host = await ServerHost.StartAsync();
        var ticket = host.Gateway.CreateTicket(Fields());
        host.Gateway.Move(ticket, RolloutProgress.Unverified);

        using var response = await host.Client.SendAsync(Signed(Form(ticket), ServerHost.Secret, DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WaitForRunsAsync(host, 1);
        Assert.Single(host.Actions.Runs);
    }

    [Fact]
    public async Task A_request_signed_with_another_secret_is_refused()
    {
        await using var host = await ServerHost.StartAsync();

        using var response = await host.Client.SendAsync(Signed(Form(1), "another-secret-0123456789abcdef", DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("does not match the body", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_older_than_five_minutes_is_refused()
    {
        await using var host = await ServerHost.StartAsync();

        using var response = await host.Client.SendAsync(Signed(Form(1), ServerHost.Secret, DateTimeOffset.UtcNow.AddMinutes(-6)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("X-SwRel-Timestamp", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_body_changed_after_signing_is_refused()
    {
        await using var host = await ServerHost.StartAsync();
        var signed = Signed(Form(1), ServerHost.Secret, DateTimeOffset.UtcNow);
        signed.Content = new StringContent(Form(2), Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await host.Client.SendAsync(signed);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    // SPEC §6: validation reports every problem at once; an invalid request that names a ticket is
    // also recorded, so that the daemon comments on that ticket.
    [Fact]
    public async Task An_invalid_request_gets_400_with_every_message_and_a_comment_on_its_ticket()
    {
        await using var host = await ServerHost.StartAsync();
        var ticket = host.Gateway.CreateTicket(Fields());

        using var response = await host.Client.SendAsync(Post($"Ticket_Id={ticket}&Previous_Rollout_Progress=Nowhere&Current_Rollout_Progress=Elsewhere&Emergency_Release=No"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Contains("Nowhere", lines[0], StringComparison.Ordinal);
        Assert.Contains("Elsewhere", lines[1], StringComparison.Ordinal);
        var comment = Assert.Single(await host.CommentsAsync(ticket, 1));
        Assert.Contains("Nowhere", comment, StringComparison.Ordinal);
        Assert.Contains("Elsewhere", comment, StringComparison.Ordinal);
        Assert.Empty(await host.Services.GetRequiredService<IRequestQueue>().ListAsync(default));
    }

    [Fact]
    public async Task The_same_request_posted_twice_is_queued_once()
    {
        await using var host = await ServerHost.StartAsync();
        // The first request cannot finish before the second is posted, however slowly the posts go.
        using var release = new SemaphoreSlim(0);
        host.Actions.AfterWork = _ => release.Wait(ServerHost.Patience);
        var ticket = host.Gateway.CreateTicket(Fields());
        host.Gateway.Move(ticket, RolloutProgress.Unverified);

        HttpResponseMessage first, second;
        try
        {
            first = await host.Client.SendAsync(Post(Form(ticket)));
            second = await host.Client.SendAsync(Post(Form(ticket)));
            Assert.Single(await host.Services.GetRequiredService<IRequestQueue>().ListAsync(default));
        }
        finally
        {
            release.Release(2);
        }

        using (first)
        using (second)
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
            Assert.Equal("OK", await second.Content.ReadAsStringAsync());
        }

        await host.QueueEmptyAsync();
        Assert.Single(host.Actions.Runs);
    }

    [Fact]
    public async Task The_same_request_is_queued_again_once_the_first_has_been_processed()
    {
        await using var host = await ServerHost.StartAsync();
        var ticket = host.Gateway.CreateTicket(Fields());
        host.Gateway.Move(ticket, RolloutProgress.Unverified);

        using var first = await host.Client.SendAsync(Post(Form(ticket)));
        await WaitForRunsAsync(host, 1);
        await host.QueueEmptyAsync();
        Assert.Empty(await host.Services.GetRequiredService<IRequestQueue>().ListAsync(default));

        using var second = await host.Client.SendAsync(Post(Form(ticket)));
        await WaitForRunsAsync(host, 2);

        Assert.Equal(2, host.Actions.Runs.Count);
    }

    [Fact]
    public async Task A_queue_that_cannot_be_written_gets_503()
    {
        await using var host = await ServerHost.StartAsync(queue: new UnwritableQueue());

        using var response = await host.Client.SendAsync(Post(Form(1)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("could not be queued", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private sealed class UnwritableQueue : IRequestQueue
    {
        private readonly InMemoryRequestQueue _inner = new();

        public ValueTask<long> EnqueueAsync(ProvisioningRequest request, CancellationToken cancellationToken) =>
            throw new IOException("disk I/O error");

        public ValueTask<RequestLease?> TryTakeAsync(TimeSpan leaseDuration, CancellationToken cancellationToken) => _inner.TryTakeAsync(leaseDuration, cancellationToken);

        public ValueTask<RequestLease?> RenewAsync(RequestLease lease, TimeSpan leaseDuration, CancellationToken cancellationToken) => _inner.RenewAsync(lease, leaseDuration, cancellationToken);

        public ValueTask<bool> CompleteAsync(RequestLease lease, CancellationToken cancellationToken) => _inner.CompleteAsync(lease, cancellationToken);

        public ValueTask<bool> RecordFailureAsync(RequestLease lease, string error, TimeSpan retryDelay, CancellationToken cancellationToken) =>
            _inner.RecordFailureAsync(lease, error, retryDelay, cancellationToken);

        public ValueTask<IReadOnlyList<QueuedRequest>> ListAsync(CancellationToken cancellationToken) => _inner.ListAsync(cancellationToken);

        public ValueTask<QueueLock?> TryAcquireLockAsync(string name, TimeSpan duration, CancellationToken cancellationToken) => _inner.TryAcquireLockAsync(name, duration, cancellationToken);

        public ValueTask ReleaseLockAsync(QueueLock queueLock, CancellationToken cancellationToken) => _inner.ReleaseLockAsync(queueLock, cancellationToken);

        public ValueTask<bool> DeadLetterAsync(RequestLease lease, string error, CancellationToken cancellationToken) => _inner.DeadLetterAsync(lease, error, cancellationToken);

        public ValueTask<bool> RetryAsync(long requestId, CancellationToken cancellationToken) => _inner.RetryAsync(requestId, cancellationToken);

        public ValueTask<QueuedRequest?> DropAsync(long requestId, CancellationToken cancellationToken) => _inner.DropAsync(requestId, cancellationToken);
    }
}
