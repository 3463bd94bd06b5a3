namespace SwRel.Repository.Planning;

/// <summary>Remove a release's folder from a repository area (absent is not an error).</summary>
/// <param name="Path">The folder to remove.</param>
public sealed record RemoveStep(RepositoryPath Path) : PlanStep
{
    /// <inheritdoc/>
    public override string Kind => "remove";
}
