namespace SwRel.Repository.Planning;

/// <summary>
/// One typed step of a <see cref="RepositoryPlan"/>. Steps are data: the planner makes them, the
/// executor carries them out, and text and JSON are views of them.
/// </summary>
/// <remarks>The closed set of steps is the derived records in this namespace. Instances are immutable.</remarks>
public abstract record PlanStep
{
    private protected PlanStep()
    {
    }

    /// <summary>Gets the step's kind, as written in text and JSON (for example <c>fetch</c>).</summary>
    public abstract string Kind { get; }
}

/// <summary>Fetch the release from the provider's synchronisation URL into a scratch folder.</summary>
/// <param name="Protocol">The transport: <c>rsync</c>, <c>http</c>, <c>https</c>, <c>file</c> or <c>ftp</c>.</param>
/// <param name="Source">The URL to fetch from (the ticket's SyncURL).</param>
/// <param name="Destination">The scratch folder, relative to the repository root.</param>
public sealed record FetchStep(string Protocol, string Source, RepositoryPath Destination) : PlanStep
{
    /// <inheritdoc/>
    public override string Kind => "fetch";
}

/// <summary>Verify the fetched files against the release's checksum manifest.</summary>
/// <param name="Root">The folder to verify, relative to the repository root.</param>
/// <param name="Manifest">The manifest, relative to <paramref name="Root"/>.</param>
public sealed record VerifyStep(RepositoryPath Root, string Manifest) : PlanStep
{
    /// <inheritdoc/>
    public override string Kind => "verify";
}

/// <summary>Publish fetched files from scratch into a repository area (the area must not exist yet).</summary>
/// <param name="Source">The scratch folder.</param>
/// <param name="Destination">The area path the release occupies afterwards.</param>
public sealed record PublishStep(RepositoryPath Source, RepositoryPath Destination) : PlanStep
{
    /// <inheritdoc/>
    public override string Kind => "publish";
}

/// <summary>Copy a release from one area to another.</summary>
/// <param name="Source">The area the release is in.</param>
/// <param name="Destination">The area the release goes to.</param>
/// <param name="Merge">
/// <see langword="true"/> to merge into a shared folder (production <c>base</c>/<c>updates</c>): a file
/// of the same name with other content is a conflict and nothing changes;
/// <see langword="false"/> when the destination must not exist yet.
/// </param>
public sealed record PromoteStep(RepositoryPath Source, RepositoryPath Destination, bool Merge) : PlanStep
{
    /// <inheritdoc/>
    public override string Kind => "promote";
}

/// <summary>Write the release's repository configuration file (<c>.repo</c> or <c>.list</c>).</summary>
/// <param name="Path">The file's path, relative to the repository root.</param>
/// <param name="Content">The file's text.</param>
public sealed record WriteRepoFileStep(RepositoryPath Path, string Content) : PlanStep
{
    /// <inheritdoc/>
    public override string Kind => "write-repo-file";
}

/// <summary>Refresh a repository index (createrepo, apt-ftparchive…) by running the configured command.</summary>
/// <param name="Path">The repository folder whose index is refreshed.</param>
public sealed record RefreshIndexStep(RepositoryPath Path) : PlanStep
{
    /// <inheritdoc/>
    public override string Kind => "refresh-index";
}

/// <summary>Set the ticket's RepositoryURL.</summary>
/// <param name="Path">The repository path the ticket points to from now on.</param>
public sealed record SetRepositoryUrlStep(RepositoryPath Path) : PlanStep
{
    /// <inheritdoc/>
    public override string Kind => "set-repository-url";
}

/// <summary>Remove a release's folder from a repository area (absent is not an error).</summary>
/// <param name="Path">The folder to remove.</param>
public sealed record RemoveStep(RepositoryPath Path) : PlanStep
{
    /// <inheritdoc/>
    public override string Kind => "remove";
}

/// <summary>Remove a scratch folder after the work is done.</summary>
/// <param name="Path">The scratch folder.</param>
public sealed record CleanStep(RepositoryPath Path) : PlanStep
{
    /// <inheritdoc/>
    public override string Kind => "clean";
}
