using SwRel.Repository.Planning;

namespace SwRel.Repository.Execution;

/// <summary>A file or folder that a step cannot write without destroying something else.</summary>
/// <param name="StepIndex">The zero-based position of the step in the plan.</param>
/// <param name="Path">The repository path in conflict.</param>
/// <param name="Reason">Why, for example <c>a file of the same name with other content exists</c>.</param>
public sealed record PlanConflict(int StepIndex, RepositoryPath Path, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => $"step {StepIndex + 1}: {Path}: {Reason}";
}
