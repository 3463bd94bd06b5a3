using Microsoft.Data.Sqlite;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Pipeline.Sqlite;

namespace SwRel.Pipeline.Sqlite.Tests;

public sealed class SqliteBatchWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-batch-writer-").FullName;

    private string DatabasePath => Path.Combine(_folder, "queue.db");

    public void Dispose()
    {
        SqliteDatabase.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Requests_and_a_take_waiting_together_are_written_with_one_flush_not_one_each()
    {
        var queue = new SqliteRequestQueue(new SqliteRequestQueueOptions { DatabasePath = DatabasePath });
        await queue.EnqueueAsync(Request(1), default);

        // The last connection to a database checkpoints and deletes its log when it closes, and other tests clear every
        // pool when they end; this one stays open so that the log counted below is the one the writes made.
        using var witness = Open();
        using (var read = witness.CreateCommand())
        {
            read.CommandText = "SELECT count(*) FROM sqlite_master;";
            read.ExecuteScalar();
        }

        Checkpoint("TRUNCATE");

        Task<long>[] enqueued;
        Task<RequestLease?> taken;
        using (HoldWriteLock())
        {
            enqueued = [.. Enumerable.Range(2, 50).Select(ticket => queue.EnqueueAsync(Request(ticket), default).AsTask())];
            taken = queue.TryTakeAsync(TimeSpan.FromMinutes(1), default).AsTask();
        }

        var ids = await Task.WhenAll(enqueued);
        var lease = await taken;

        // One commit per write would append at least one page to the log for each of the 51; the writer ran at most two
        // transactions (what it had picked up before the lock was let go, and the rest).
        Assert.InRange(Checkpoint("PASSIVE"), 1, 20);
        Assert.Equal(50, ids.Distinct().Count());
        Assert.Equal(1, lease!.Request.TicketId);
        Assert.Equal(51, (await queue.ListAsync(default)).Count);
    }

    [Fact]
    public async Task A_write_that_fails_takes_no_effect_and_the_writes_beside_it_are_committed()
    {
        var database = new SqliteDatabase(DatabasePath, "CREATE TABLE IF NOT EXISTS numbers (n INTEGER PRIMARY KEY);", TimeSpan.FromSeconds(30));
        var writer = new SqliteBatchWriter(database);
        await writer.WriteAsync(batch => Insert(batch, 0), default);

        Task<long> first, failing, last;
        using (HoldWriteLock())
        {
            first = writer.WriteAsync(batch => Insert(batch, 1), default);
            failing = writer.WriteAsync<long>(
                batch =>
                {
                    Insert(batch, 2);
                    throw new InvalidOperationException("refused halfway");
                },
                default);
            last = writer.WriteAsync(batch => Insert(batch, 3), default);
        }

        Assert.Equal(1, await first);
        Assert.Equal(3, await last);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("refused halfway", error.Message);
        Assert.Equal([0, 1, 3], ReadNumbers());
    }

    [Fact]
    public async Task A_write_cancelled_before_it_is_queued_is_not_written()
    {
        var database = new SqliteDatabase(DatabasePath, "CREATE TABLE IF NOT EXISTS numbers (n INTEGER PRIMARY KEY);", TimeSpan.FromSeconds(30));
        var writer = new SqliteBatchWriter(database);
        await writer.WriteAsync(batch => Insert(batch, 0), default);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.WriteAsync(batch => Insert(batch, 1), new CancellationToken(canceled: true)));

        Assert.Equal([0], ReadNumbers());
    }

    [Fact]
    public async Task Taking_a_request_walks_the_queue_in_order_instead_of_sorting_it()
    {
        await new SqliteRequestQueue(new SqliteRequestQueueOptions { DatabasePath = DatabasePath }).ListAsync(default);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteRequestQueue.TakeStatement;
        command.Parameters.AddWithValue("$token", "t");
        command.Parameters.AddWithValue("$expires", 1L);
        command.Parameters.AddWithValue("$now", 0L);
        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }

        // A sort would read every visible request on each take, under the write lock, and grow with the queue.
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.StartsWith("SCAN swrel_requests", StringComparison.Ordinal));
    }

    private static ProvisioningRequest Request(int ticket) => new(ticket, RolloutProgress.Submitted, RolloutProgress.Unverified, false);

    private static long Insert(SqliteBatch batch, long n)
    {
        var command = batch.Command("INSERT INTO numbers (n) VALUES ($n);");
        command.Parameters.AddWithValue("$n", n);
        command.ExecuteNonQuery();
        return n;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    private List<long> ReadNumbers()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT n FROM numbers ORDER BY n;";
        using var reader = command.ExecuteReader();
        var numbers = new List<long>();
        while (reader.Read())
        {
            numbers.Add(reader.GetInt64(0));
        }

        return numbers;
    }

    /// <summary>Checkpoints the log and returns how many pages (frames) it held.</summary>
    private long Checkpoint(string mode)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        using var reader = command.ExecuteReader();
        reader.Read();
        Assert.Equal(0, reader.GetInt64(0));
        return reader.GetInt64(1);
    }

    /// <summary>Takes the database's write lock from another connection, as another process would, until disposed.</summary>
    private IDisposable HoldWriteLock()
    {
        var connection = Open();
        using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE;";
        begin.ExecuteNonQuery();
        return new LockHolder(connection);
    }

    private sealed class LockHolder(SqliteConnection connection) : IDisposable
    {
        public void Dispose()
        {
            // Long enough for the writer to have started and to be waiting for the lock.
            Thread.Sleep(200);
            using (var commit = connection.CreateCommand())
            {
                commit.CommandText = "COMMIT;";
                commit.ExecuteNonQuery();
            }

            connection.Dispose();
        }
    }
}
