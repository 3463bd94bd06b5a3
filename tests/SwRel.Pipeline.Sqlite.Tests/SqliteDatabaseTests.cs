using Microsoft.Data.Sqlite;

namespace SwRel.Pipeline.Sqlite.Tests;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-database-").FullName;

    public void Dispose()
    {
        SqliteDatabase.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    // The daemon opens connections from its processor, its batch writer and every read endpoint at once; the pool must never
    // lend one connection to two of them, nor close one under its owner when another part of the process clears the pools.
    [Fact]
    public async Task Connections_opened_at_once_while_the_pools_are_cleared_are_each_their_owners_alone()
    {
        var database = new SqliteDatabase(Path.Combine(_folder, "open.db"), "CREATE TABLE IF NOT EXISTS numbers (n INTEGER);", TimeSpan.FromSeconds(30));
        const int Owners = 16;
        using var stop = new CancellationTokenSource();
        var clearing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                SqliteDatabase.ClearAllPools();
                await Task.Yield();
            }
        });

        try
        {
            for (var wave = 0; wave < 200; wave++)
            {
                // Each wave starts from an empty pool, so that the opens find it exhausted and the pool looks for leaked ones.
                SqliteDatabase.ClearAllPools();
                var connections = await Task.WhenAll(Enumerable.Range(0, Owners).Select(_ => Task.Run(async () => await database.OpenAsync(default))));
                try
                {
                    Assert.Equal(Owners, connections.Select(c => c.Handle).Distinct().Count());
                    foreach (var connection in connections)
                    {
                        using var command = connection.CreateCommand();
                        command.CommandText = "SELECT count(*) FROM numbers;";
                        Assert.Equal(0L, command.ExecuteScalar());
                    }
                }
                finally
                {
                    foreach (var connection in connections)
                    {
                        await connection.DisposeAsync();
                    }
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await clearing;
        }
    }
}
