namespace SwRel.Repository.Planning;

/// <summary>Refresh a repository index (createrepo, apt-ftparchive…) by running the configured command.</summary>
/// <param name="Path">The repository folder whose index is refreshed.</param>
public sealed record RefreshIndexStep(RepositoryPath Path) : PlanStep
{
    /// <summary>The step's <see cref="Kind"/>, <c>refresh-index</c>, as written in a plan's text and JSON.</summary>
    public const string KindName = "refresh-index";

    /// <inheritdoc/>
    public override string Kind => KindName;
}
