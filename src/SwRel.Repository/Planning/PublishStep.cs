namespace SwRel.Repository.Planning;

/// <summary>Publish fetched files from scratch into a repository area (the area must not exist yet).</summary>
/// <param name="Source">The scratch folder.</param>
/// <param name="Destination">The area path the release occupies afterwards.</param>
public sealed record PublishStep(RepositoryPath Source, RepositoryPath Destination) : PlanStep
{
    /// <summary>The step's <see cref="Kind"/>, <c>publish</c>, as written in a plan's text and JSON.</summary>
    public const string KindName = "publish";

    /// <inheritdoc/>
    public override string Kind => KindName;
}
