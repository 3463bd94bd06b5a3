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

    /// <summary>Creates the <c>--data-dir DIR</c> option.</summary>
    /// <returns>The option.</returns>
    public static System.CommandLine.Option<string?> Option() => new("--data-dir")
    {
        Description = $"The daemon's data folder ({RepositoryName}/, {QueueName}, {CatalogueName}, {TicketsName}); default ${EnvironmentVariable}, else the current folder.",
        HelpName = "DIR",
    };

    /// <summary>Returns the path of one of the folder's databases, which must exist: a read never creates an empty one in the wrong place.</summary>
    /// <param name="path">The database's path (<see cref="Queue"/>, <see cref="Catalogue"/> or <see cref="Tickets"/>).</param>
    /// <param name="what">What it holds, for the message.</param>
    /// <returns><paramref name="path"/>.</returns>
    /// <exception cref="UsageException">There is no such file.</exception>
    public string Existing(string path, string what) => File.Exists(path)
        ? path
        : throw new UsageException($"there is no {what} at {path}; give --data-dir DIR, the daemon's data folder.");

    /// <summary>
    /// Returns the daemon's URL from the data folder's settings file: the first of its <c>Urls</c> (the ASP.NET Core
    /// setting that <c>swrel serve</c> listens on), with a wildcard host read as 127.0.0.1.
    /// </summary>
    /// <returns>The URL, or <see langword="null"/> when there is no settings file or it names none.</returns>
    /// <exception cref="UsageException">The settings file is not valid JSON.</exception>
    public Uri? ServerUrlFromSettings()
    {
        if (!File.Exists(Settings))
        {
            return null;
        }

        string? urls;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Settings));
            urls = document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("Urls", out var value)
                && value.ValueKind == System.Text.Json.JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new UsageException($"{Settings}:{e.LineNumber + 1}: not valid JSON: {e.Message}");
        }

        var first = urls?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (first is null)
        {
            return null;
        }

        foreach (var wildcard in new[] { "://*", "://+", "://0.0.0.0", "://[::]" })
        {
            first = first.Replace(wildcard, "://127.0.0.1", StringComparison.Ordinal);
        }

        return Uri.TryCreate(first, UriKind.Absolute, out var url) ? url : throw new UsageException($"{Settings}: Urls '{urls}' is not a URL.");
    }

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
