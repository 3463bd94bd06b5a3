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

    /// <summary>Initialises a new instance with a message and the request property whose value would fix it.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="requestProperty">The name of the <see cref="RepositoryPlanRequest"/> property that is missing or wrong, for example <c>SyncUrl</c>.</param>
    public RepositoryPlanningException(string message, string requestProperty)
        : base(message)
    {
        RequestProperty = requestProperty;
    }

    /// <summary>Initialises a new instance with a message and the underlying error.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="inner">The underlying error.</param>
    public RepositoryPlanningException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>
    /// Gets the name of the <see cref="RepositoryPlanRequest"/> property whose value is missing or wrong (for example
    /// <c>SyncUrl</c>, <c>FailedTransition</c>, <c>ChecksumManifest</c>, <c>TicketId</c>, or <c>To</c> for a transition
    /// that has no plan), or <see langword="null"/> when the descriptor or the layout is at fault.
    /// </summary>
    /// <remarks>A host maps it to its own input (a command-line flag, a ticket field) to say what fixes the error.</remarks>
    public string? RequestProperty { get; }
}
