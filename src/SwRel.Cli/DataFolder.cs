namespace SwRel.Cli;

/// <summary>
/// The daemon's data folder (<c>--data-dir DIR</c>): where the repository root, the request queue, the release
/// catalogue and the embedded ticket store live unless configured otherwise. Every command that opens one of them,
/// <c>swrel serve</c> included, takes its path from here, so that they all agree.
/// </summary>
/// <param name="Path">The data folder's full path.</param>
internal sealed record DataFolder(string Path)
{
    /// <summary>The repository root's folder name inside the data folder.</summary>
    public const string RepositoryName = "repository";

    /// <summary>The request queue's database file name.</summary>
    public const string QueueName = "queue.db";

    /// <summary>The release catalogue's database file name.</summary>
    public const string CatalogueName = "catalogue.db";

    /// <summary>The embedded ticket store's database file name.</summary>
    public const string TicketsName = "tickets.db";

    /// <summary>The settings file name, read for defaults such as the daemon's URL.</summary>
    public const string SettingsName = "appsettings.json";

    /// <summary>The environment variable that names the data folder when <c>--data-dir</c> is not given.</summary>
    public const string EnvironmentVariable = "SWREL_DATA_DIR";

    /// <summary>Gets the repository root.</summary>
    public string Repository => System.IO.Path.Combine(Path, RepositoryName);

    /// <summary>Gets the request queue's database.</summary>
    public string Queue => System.IO.Path.Combine(Path, QueueName);

    /// <summary>Gets the release catalogue's database.</summary>
    public string Catalogue => System.IO.Path.Combine(Path, CatalogueName);

    /// <summary>Gets the ticket store's database.</summary>
    public string Tickets => System.IO.Path.Combine(Path, TicketsName);

    /// <summary>Gets the settings file.</summary>
    public string Settings => System.IO.Path.Combine(Path, SettingsName);

    /// <summary>
    /// Resolves the data folder: <paramref name="option"/> when given, else <c>SWREL_DATA_DIR</c>, else the
    /// current folder.
    /// </summary>
    /// <param name="option">The value of <c>--data-dir</c>, or <see langword="null"/>.</param>
    /// <returns>The data folder, with a full path.</returns>
    public static DataFolder Resolve(string? option)
    {
        var chosen = !string.IsNullOrWhiteSpace(option) ? option
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : ".";
        return new DataFolder(System.IO.Path.GetFullPath(chosen));
    }
}
