namespace SwRel.Repository.Planning;

/// <summary>Remove a release's folder from a repository area (absent is not an error).</summary>
/// <param name="Path">The folder to remove.</param>
public sealed record RemoveStep(RepositoryPath Path) : PlanStep
{
    /// <summary>The step's <see cref="Kind"/>, <c>remove</c>, as written in a plan's text and JSON.</summary>
    public const string KindName = "remove";

    /// <inheritdoc/>
    public override string Kind => KindName;
}
