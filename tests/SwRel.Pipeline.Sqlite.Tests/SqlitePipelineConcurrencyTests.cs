using SwRel.Pipeline;
using SwRel.Pipeline.Tests;

namespace SwRel.Pipeline.Sqlite.Tests;

public sealed class SqlitePipelineConcurrencyTests : PipelineConcurrencyContract, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-sqlite-").FullName;

    public void Dispose()
    {
        SqliteDatabase.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private protected override IRequestQueue CreateQueue() =>
        new SqliteRequestQueue(new SqliteRequestQueueOptions { DatabasePath = Path.Combine(_folder, "requests.db") }, Time);
}
