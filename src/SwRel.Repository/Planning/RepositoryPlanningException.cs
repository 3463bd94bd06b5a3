namespace SwRel.Repository.Planning;

/// <summary>
/// A release that cannot be planned or laid out: a transition not in the table, a descriptor without a field the
/// layout needs (for example targetPlatform for a production path), a value that cannot be part of a path, or a
/// missing ticket field (for example SyncURL for Submitted → Unverified).
/// </summary>
/// <remarks>The message says what is missing or wrong in words a repository operator understands.</remarks>
public sealed class RepositoryPlanningException : Exception
{
    /// <summary>Initialises a new instance with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public RepositoryPlanningException(string message)
        : base(message)
    {
    }

    /// <summary>Initialises a new instance with a message and the underlying error.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="inner">The underlying error.</param>
    public RepositoryPlanningException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
