namespace SwRel.Repository.Execution;

/// <summary>A plan could not be applied; the repository was rolled back to its state before the run.</summary>
/// <remarks>
/// When <see cref="RolledBack"/> is <see langword="false"/> the rollback itself failed: the journal is kept
/// and the next run (or <see cref="PlanExecutor.RecoverAsync"/>) finishes it. A run that did not start because another
/// run holds the root's lock throws the derived <see cref="RepositoryLockedException"/>.
/// </remarks>
public class PlanExecutionException : Exception
{
    /// <summary>Initialises a new instance.</summary>
    public PlanExecutionException()
        : this("The plan could not be applied.")
    {
    }

    /// <summary>Initialises a new instance.</summary>
    /// <param name="message">What went wrong.</param>
    public PlanExecutionException(string message)
        : this(message, null)
    {
    }

    /// <summary>Initialises a new instance.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public PlanExecutionException(string message, Exception? innerException)
        : this(message, stepIndex: null, stepKind: null, rolledBack: true, innerException)
    {
    }

    /// <summary>Initialises a new instance.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="stepIndex">The zero-based position of the failing step, if a step failed.</param>
    /// <param name="stepKind">The failing step's kind, if a step failed.</param>
    /// <param name="rolledBack">Whether the repository is back in its state before the run.</param>
    /// <param name="innerException">The cause.</param>
    internal PlanExecutionException(string message, int? stepIndex, string? stepKind, bool rolledBack, Exception? innerException)
        : base(message, innerException)
    {
        StepIndex = stepIndex;
        StepKind = stepKind;
        RolledBack = rolledBack;
    }

    /// <summary>Gets the zero-based position of the step that failed, or <see langword="null"/> when the run failed before any step.</summary>
    public int? StepIndex { get; }

    /// <summary>Gets the failing step's kind (for example <c>fetch</c>), or <see langword="null"/>.</summary>
    public string? StepKind { get; }

    /// <summary>Gets whether the repository was rolled back to its state before the run.</summary>
    public bool RolledBack { get; }
}
