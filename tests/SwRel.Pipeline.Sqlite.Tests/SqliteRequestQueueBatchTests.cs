using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Pipeline.Sqlite;

namespace SwRel.Pipeline.Sqlite.Tests;

public sealed class SqliteRequestQueueBatchTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-queue-batch-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Requests_enqueued_together_are_queued_in_order_with_their_identifiers()
    {
        var queue = new SqliteRequestQueue(new SqliteRequestQueueOptions { DatabasePath = Path.Combine(_folder, "queue.db") });
        ProvisioningRequest[] requests =
        [
            new(1, RolloutProgress.Submitted, RolloutProgress.Unverified, false),
            new(2, RolloutProgress.Unverified, RolloutProgress.InVerification, false),
            new(3, RolloutProgress.Unverified, RolloutProgress.StageRollout, true),
        ];

        var ids = await queue.EnqueueManyAsync(requests, default);
        var listed = await queue.ListAsync(default);

        Assert.Equal(3, ids.Count);
        Assert.Equal(ids, listed.Select(q => q.RequestId));
        Assert.Equal(requests, listed.Select(q => q.Request));
        Assert.Equal(ids.Order(), ids);
    }

    [Fact]
    public async Task A_batch_with_a_null_request_queues_none_of_it()
    {
        var queue = new SqliteRequestQueue(new SqliteRequestQueueOptions { DatabasePath = Path.Combine(_folder, "queue.db") });

        await Assert.ThrowsAsync<ArgumentException>(async () => await queue.EnqueueManyAsync(
            [new ProvisioningRequest(1, RolloutProgress.Submitted, RolloutProgress.Unverified, false), null!], default));

        Assert.Empty(await queue.ListAsync(default));
    }
}
