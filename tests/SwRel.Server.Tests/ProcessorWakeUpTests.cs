using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;

namespace SwRel.Server.Tests;

public sealed class ProcessorWakeUpTests
{
    // The poll interval is for requests another process queues; one this server accepts is taken at once.
    [Fact]
    public async Task A_request_the_API_accepts_is_processed_at_once_not_at_the_processors_next_poll()
    {
        var queue = new WatchedQueue(new InMemoryRequestQueue());
        await using var host = await ServerHost.StartAsync(queue: queue, pollInterval: TimeSpan.FromHours(1));
        var ticket = host.Gateway.CreateTicket(new Dictionary<string, string>
        {
            [TicketField.AssociatedMajorRelease.ToName()] = "umd-4",
            [TicketField.SyncProtocol.ToName()] = "file",
            [TicketField.SyncUrl.ToName()] = "file:///nowhere",
            [TicketField.EmergencyRelease.ToName()] = "No",
        });
        host.Gateway.Move(ticket, RolloutProgress.Unverified);

        // The processor found the queue empty, so its next look is an hour away unless the accepted request wakes it.
        await queue.FoundEmpty.Task.WaitAsync(ServerHost.Patience);
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
        while (processed == 0 && clock.Elapsed < ServerHost.Patience)
        {
            await Task.Delay(50);
            using var document = JsonDocument.Parse(await host.Client.GetStringAsync("/api/requests"));
            processed = document.RootElement.GetProperty("recent").GetArrayLength();
        }

        Assert.Equal(1, processed);
    }

    /// <summary>A queue that says when a take first found nothing waiting.</summary>
    private sealed class WatchedQueue(IRequestQueue inner) : IRequestQueue
    {
        public TaskCompletionSource FoundEmpty { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<RequestLease?> TryTakeAsync(TimeSpan leaseDuration, CancellationToken cancellationToken)
        {
            var lease = await inner.TryTakeAsync(leaseDuration, cancellationToken);
            if (lease is null)
            {
                FoundEmpty.TrySetResult();
            }

            return lease;
        }

        public ValueTask<long> EnqueueAsync(ProvisioningRequest request, CancellationToken cancellationToken) => inner.EnqueueAsync(request, cancellationToken);

        public ValueTask<RequestLease?> RenewAsync(RequestLease lease, TimeSpan leaseDuration, CancellationToken cancellationToken) => inner.RenewAsync(lease, leaseDuration, cancellationToken);

        public ValueTask<bool> CompleteAsync(RequestLease lease, CancellationToken cancellationToken) => inner.CompleteAsync(lease, cancellationToken);

        public ValueTask<bool> RecordFailureAsync(RequestLease lease, string error, TimeSpan retryDelay, CancellationToken cancellationToken) =>
            inner.RecordFailureAsync(lease, error, retryDelay, cancellationToken);

        public ValueTask<bool> DeadLetterAsync(RequestLease lease, string error, CancellationToken cancellationToken) => inner.DeadLetterAsync(lease, error, cancellationToken);

        public ValueTask<bool> RetryAsync(long requestId, CancellationToken cancellationToken) => inner.RetryAsync(requestId, cancellationToken);

        public ValueTask<QueuedRequest?> DropAsync(long requestId, CancellationToken cancellationToken) => inner.DropAsync(requestId, cancellationToken);

        public ValueTask<IReadOnlyList<QueuedRequest>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public ValueTask<QueueLock?> TryAcquireLockAsync(string name, TimeSpan duration, CancellationToken cancellationToken) => inner.TryAcquireLockAsync(name, duration, cancellationToken);

        public ValueTask ReleaseLockAsync(QueueLock queueLock, CancellationToken cancellationToken) => inner.ReleaseLockAsync(queueLock, cancellationToken);
    }
}
