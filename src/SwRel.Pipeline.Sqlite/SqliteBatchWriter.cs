using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace SwRel.Pipeline.Sqlite;

/// <summary>
/// The one path by which an object writes its database: every write waiting at a moment runs in one
/// transaction on one connection, so that one commit and one flush to disk serve them all, and writes from the
/// same process never wait for each other's lock.
/// </summary>
/// <remarks>
/// <para>
/// A write's task completes only after its transaction is committed (<c>synchronous = FULL</c>), so what a
/// caller is told is on disk. When a write throws, its batch is rolled back and each of its writes is run again in
/// a transaction of its own, so that one failing write neither takes effect nor fails the others. When the
/// transaction cannot begin or commit, every write in it fails and none took effect.
/// </para>
/// <para>
/// The writer runs on the thread pool only while writes wait, so there is nothing to dispose. A write must be
/// deterministic in what it does to the database and have no other effect: it may run twice (see above). Thread-safe.
/// </para>
/// </remarks>
internal sealed class SqliteBatchWriter
{
    // Large enough to absorb a burst, small enough that one transaction stays a few milliseconds long.
    private const int MaxBatch = 1024;

    private readonly SqliteDatabase _database;
    private readonly ConcurrentQueue<Write> _waiting = new();
    private int _running;

    /// <param name="database">The database written.</param>
    public SqliteBatchWriter(SqliteDatabase database) => _database = database;

    /// <summary>Runs <paramref name="write"/> in the next batch and returns its result once the batch is committed.</summary>
    /// <param name="write">The statements; it gets a <see cref="SqliteBatch"/> whose commands belong to the batch's transaction.</param>
    /// <param name="cancellationToken">Cancels the write while it waits for its batch; once the batch has begun it is carried out.</param>
    public Task<T> WriteAsync<T>(Func<SqliteBatch, T> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Write<T>(write, cancellationToken);
        _waiting.Enqueue(pending);
        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            _ = Task.Run(RunAsync, CancellationToken.None);
        }

        return pending.Task;
    }

    private async Task RunAsync()
    {
        do
        {
            try
            {
                await WriteWaitingAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The connection could not be opened: the writes waiting now fail; later ones try again.
                var batch = new List<Write>();
                while (batch.Count < MaxBatch && _waiting.TryDequeue(out var next))
                {
                    batch.Add(next);
                }

                foreach (var write in batch)
                {
                    write.Fail(e);
                }
            }

            Volatile.Write(ref _running, 0);

            // A write queued after the last look but before the flag went down started no writer: take it on.
        }
        while (!_waiting.IsEmpty && Interlocked.CompareExchange(ref _running, 1, 0) == 0);
    }

    private async Task WriteWaitingAsync()
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        using (var pragma = connection.CreateCommand())
        {
            // Durability is the contract, whatever the library's compiled-in default.
            pragma.CommandText = "PRAGMA synchronous = FULL;";
            pragma.ExecuteNonQuery();
        }

        using var batch = new SqliteBatch(connection);
        var writes = new List<Write>();
        while (!_waiting.IsEmpty)
        {
            writes.Clear();
            while (writes.Count < MaxBatch && _waiting.TryDequeue(out var next))
            {
                if (next.IsCancellationRequested)
                {
                    next.Cancel();
                    continue;
                }

                writes.Add(next);
            }

            if (writes.Count > 0)
            {
                Run(batch, writes);
            }
        }
    }

    private static void Run(SqliteBatch batch, List<Write> writes)
    {
        try
        {
            batch.Begin();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            FailAll(writes, e);
            return;
        }

        var failed = false;
        foreach (var write in writes)
        {
            try
            {
                write.Execute(batch);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failed = true;
                break;
            }
        }

        if (failed)
        {
            batch.Rollback();
            foreach (var write in writes)
            {
                RunAlone(batch, write);
            }

            return;
        }

        try
        {
            batch.Commit();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            batch.Rollback();
            FailAll(writes, e);
            return;
        }

        foreach (var write in writes)
        {
            write.Succeed();
        }
    }

    private static void RunAlone(SqliteBatch batch, Write write)
    {
        try
        {
            batch.Begin();
            write.Execute(batch);
            batch.Commit();
            write.Succeed();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            batch.Rollback();
            write.Fail(e);
        }
    }

    private static void FailAll(List<Write> writes, Exception e)
    {
        foreach (var write in writes)
        {
            write.Fail(e);
        }
    }

    private abstract class Write
    {
        public abstract bool IsCancellationRequested { get; }

        public abstract void Execute(SqliteBatch batch);

        public abstract void Succeed();

        public abstract void Fail(Exception e);

        public abstract void Cancel();
    }

    private sealed class Write<T>(Func<SqliteBatch, T> write, CancellationToken cancellationToken) : Write
    {
        // The caller's continuation must not run on the writer's thread, or it would hold up the next batch.
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _done.Task;

        public override bool IsCancellationRequested => cancellationToken.IsCancellationRequested;

        public override void Execute(SqliteBatch batch) => _result = write(batch);

        public override void Succeed() => _done.TrySetResult(_result);

        public override void Fail(Exception e) => _done.TrySetException(e);

        public override void Cancel() => _done.TrySetCanceled(cancellationToken);
    }
}
