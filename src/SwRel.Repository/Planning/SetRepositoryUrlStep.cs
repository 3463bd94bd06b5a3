namespace SwRel.Repository.Planning;

/// <summary>Set the ticket's RepositoryURL.</summary>
/// <param name="Path">The repository path the ticket points to from now on.</param>
public sealed record SetRepositoryUrlStep(RepositoryPath Path) : PlanStep
{
    /// <inheritdoc/>
    public override string Kind => "set-repository-url";
}
