using SwRel.Repository.Planning;

namespace SwRel.Repository.Execution;

/// <summary>A file or folder that a step cannot write without destroying something else.</summary>
/// <remarks>Immutable; made by the executor only.</remarks>
public sealed record PlanConflict
{
    internal PlanConflict(int stepIndex, RepositoryPath path, string reason)
    {
        StepIndex = stepIndex;
        Path = path;
        Reason = reason;
    }

    /// <summary>Gets the zero-based position of the step in the plan.</summary>
    public int StepIndex { get; }

    /// <summary>Gets the repository path in conflict.</summary>
    public RepositoryPath Path { get; }

    /// <summary>Gets why, for example <c>a file of the same name with other content exists</c>.</summary>
    public string Reason { get; }

    /// <inheritdoc/>
    public override string ToString() => $"step {StepIndex + 1}: {Path}: {Reason}";
}
