using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Pipeline.Sqlite;
using SwRel.Pipeline.Tests;

namespace SwRel.Pipeline.Sqlite.Tests;

public sealed class SqliteRequestQueueTests : RequestQueueContract, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-sqlite-").FullName;

    private string DatabasePath => Path.Combine(_folder, "queue", "requests.db");

    public void Dispose()
    {
        SqliteDatabase.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private protected override IRequestQueue CreateQueue() => Open();

    private SqliteRequestQueue Open() => new(new SqliteRequestQueueOptions { DatabasePath = DatabasePath }, Time);

    [Fact]
    public async Task A_database_made_before_dead_letters_is_upgraded_in_place()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE swrel_requests (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, ticket_id INTEGER NOT NULL, previous TEXT NOT NULL, current TEXT NOT NULL,
                    emergency INTEGER NOT NULL, enqueued_at INTEGER NOT NULL, visible_at INTEGER NOT NULL, token TEXT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NULL);
                INSERT INTO swrel_requests (ticket_id, previous, current, emergency, enqueued_at, visible_at) VALUES (5, 'Submitted', 'Unverified', 0, 0, 0);
                """;
            create.ExecuteNonQuery();
        }

        var queue = Open();
        var lease = await queue.TryTakeAsync(TimeSpan.FromMinutes(1), default);
        Assert.True(await queue.DeadLetterAsync(lease!, "down", default));

        var listed = Assert.Single(await queue.ListAsync(default));
        Assert.Equal(5, listed.Request.TicketId);
        Assert.Equal(QueuedRequestState.DeadLetter, listed.State);
    }

    [Fact]
    public async Task Requests_leases_and_errors_survive_reopening_the_database()
    {
        var first = Open();
        var request = new ProvisioningRequest(9, RolloutProgress.InVerification, RolloutProgress.StageRollout, Emergency: false);
        await first.EnqueueAsync(request, default);
        await first.EnqueueAsync(request with { TicketId = 10 }, default);
        var crashed = await first.TryTakeAsync(TimeSpan.FromMinutes(1), default);
        var failed = await first.TryTakeAsync(TimeSpan.FromMinutes(1), default);
        await first.RecordFailureAsync(failed!, "gateway timeout", TimeSpan.Zero, default);
        SqliteDatabase.ClearAllPools();

        var reopened = Open();
        var listed = await reopened.ListAsync(default);

        Assert.Equal([9, 10], listed.Select(r => r.Request.TicketId));
        Assert.Equal(request, listed[0].Request);
        Assert.Equal(crashed!.ExpiresAtUtc, listed[0].VisibleAtUtc);
        Assert.Equal("gateway timeout", listed[1].LastError);
        var retried = await reopened.TryTakeAsync(TimeSpan.FromMinutes(1), default);
        Assert.Equal(10, retried!.Request.TicketId);
        Assert.Null(await reopened.TryTakeAsync(TimeSpan.FromMinutes(1), default));
        Time.Advance(TimeSpan.FromMinutes(1));
        var afterCrash = await reopened.TryTakeAsync(TimeSpan.FromMinutes(1), default);
        Assert.Equal(9, afterCrash!.Request.TicketId);
        Assert.Equal(2, afterCrash.Attempt);
    }

    [Fact]
    public async Task Two_queue_objects_on_one_file_share_requests_and_locks()
    {
        var a = Open();
        var b = Open();
        await a.EnqueueAsync(new ProvisioningRequest(1, RolloutProgress.Submitted, RolloutProgress.Unverified, false), default);

        var taken = await b.TryTakeAsync(TimeSpan.FromMinutes(1), default);
        var held = await a.TryAcquireLockAsync("stage-rollout/umd-4", TimeSpan.FromMinutes(1), default);

        Assert.NotNull(taken);
        Assert.Null(await a.TryTakeAsync(TimeSpan.FromMinutes(1), default));
        Assert.NotNull(held);
        Assert.Null(await b.TryAcquireLockAsync("stage-rollout/umd-4", TimeSpan.FromMinutes(1), default));
        Assert.True(await a.CompleteAsync(taken, default));
    }

    [Fact]
    public void Options_without_a_database_path_are_refused_at_start()
    {
        var validator = new SqliteRequestQueueOptionsValidator();

        var result = validator.Validate(null, new SqliteRequestQueueOptions());

        Assert.True(result.Failed);
        Assert.Contains("DatabasePath", result.FailureMessage, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SqliteRequestQueue(new SqliteRequestQueueOptions()));
    }
}
