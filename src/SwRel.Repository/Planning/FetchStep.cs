namespace SwRel.Repository.Planning;

/// <summary>Fetch the release from the provider's synchronisation URL into a scratch folder.</summary>
/// <param name="Protocol">The transport: <c>rsync</c>, <c>http</c>, <c>https</c>, <c>file</c> or <c>ftp</c>.</param>
/// <param name="Source">The URL to fetch from (the ticket's SyncURL).</param>
/// <param name="Destination">The scratch folder, relative to the repository root.</param>
public sealed record FetchStep(string Protocol, string Source, RepositoryPath Destination) : PlanStep
{
    /// <summary>The step's <see cref="Kind"/>, <c>fetch</c>, as written in a plan's text and JSON.</summary>
    public const string KindName = "fetch";

    /// <inheritdoc/>
    public override string Kind => KindName;
}
