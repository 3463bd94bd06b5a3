namespace SwRel.Repository.Planning;

/// <summary>Remove a scratch folder after the work is done.</summary>
/// <param name="Path">The scratch folder.</param>
public sealed record CleanStep(RepositoryPath Path) : PlanStep
{
    /// <summary>The step's <see cref="Kind"/>, <c>clean</c>, as written in a plan's text and JSON.</summary>
    public const string KindName = "clean";

    /// <inheritdoc/>
    public override string Kind => KindName;
}
