namespace SwRel.Repository.Planning;

/// <summary>Remove a scratch folder after the work is done.</summary>
/// <param name="Path">The scratch folder.</param>
public sealed record CleanStep(RepositoryPath Path) : PlanStep
{
    /// <inheritdoc/>
    public override string Kind => "clean";
}
