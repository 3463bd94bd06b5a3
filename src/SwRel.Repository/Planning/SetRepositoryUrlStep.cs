namespace SwRel.Repository.Planning;

/// <summary>Set the ticket's RepositoryURL.</summary>
/// <param name="Path">The repository path the ticket points to from now on.</param>
public sealed record SetRepositoryUrlStep(RepositoryPath Path) : PlanStep
{
    /// <summary>The step's <see cref="Kind"/>, <c>set-repository-url</c>, as written in a plan's text and JSON.</summary>
    public const string KindName = "set-repository-url";

    /// <inheritdoc/>
    public override string Kind => KindName;
}
