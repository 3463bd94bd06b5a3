namespace SwRel.Repository.Planning;

/// <summary>Publish fetched files from scratch into a repository area (the area must not exist yet).</summary>
/// <param name="Source">The scratch folder.</param>
/// <param name="Destination">The area path the release occupies afterwards.</param>
public sealed record PublishStep(RepositoryPath Source, RepositoryPath Destination) : PlanStep
{
    /// <inheritdoc/>
    public override string Kind => "publish";
}
