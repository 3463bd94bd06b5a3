namespace SwRel.Repository.Execution;

/// <summary>
/// The repository root's lock is held by another run (another process applying a plan or recovering a journal),
/// so this run did not start.
/// </summary>
/// <remarks>
/// Nothing was changed: the run stops before it reads or writes anything in the tree, so <see cref="PlanExecutionException.RolledBack"/>
/// is <see langword="true"/> and <see cref="PlanExecutionException.StepIndex"/> is <see langword="null"/>. Unlike the other
/// <see cref="PlanExecutionException"/>s this one is transient: the same run may succeed once the other run ends. A failure to
/// create the executor's state folder or the lock file for another reason (permissions, a full disk) is a plain
/// <see cref="PlanExecutionException"/>, not this one.
/// </remarks>
public sealed class RepositoryLockedException : PlanExecutionException
{
    /// <summary>Initialises a new instance with a default message.</summary>
    public RepositoryLockedException()
        : this("The repository root is locked by another run.")
    {
    }

    /// <summary>Initialises a new instance.</summary>
    /// <param name="message">Which root is locked.</param>
    public RepositoryLockedException(string message)
        : this(message, null)
    {
    }

    /// <summary>Initialises a new instance.</summary>
    /// <param name="message">Which root is locked.</param>
    /// <param name="innerException">The error the lock file gave, if any.</param>
    public RepositoryLockedException(string message, Exception? innerException)
        : base(message, stepIndex: null, stepKind: null, rolledBack: true, innerException)
    {
    }
}
