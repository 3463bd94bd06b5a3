namespace SwRel.Pipeline.Sqlite;

/// <summary>Where the SQLite request queue keeps its database and how long it waits for a busy one.</summary>
/// <remarks>Validated when the queue is created, and at start where <see cref="SqliteRequestQueueServiceCollectionExtensions.AddSwRelSqliteRequestQueue"/> registers it.</remarks>
public sealed class SqliteRequestQueueOptions
{
    /// <summary>Gets or sets the database file's path (required). Its folder must exist or be creatable.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>Gets or sets how long an operation waits for a database that another connection holds locked. Default 30 seconds; at least one second.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
