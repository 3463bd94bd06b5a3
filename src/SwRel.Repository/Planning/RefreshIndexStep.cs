namespace SwRel.Repository.Planning;

/// <summary>Refresh a repository index (createrepo, apt-ftparchive…) by running the configured command.</summary>
/// <param name="Path">The repository folder whose index is refreshed.</param>
public sealed record RefreshIndexStep(RepositoryPath Path) : PlanStep
{
    /// <inheritdoc/>
    public override string Kind => "refresh-index";
}
