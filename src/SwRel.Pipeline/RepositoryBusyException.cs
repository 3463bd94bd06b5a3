namespace SwRel.Pipeline;

/// <summary>
/// The repository root is held by another run (another process applying a plan). Not a failure of
/// the release: the processor gives the request back to the queue and it is retried.
/// </summary>
public sealed class RepositoryBusyException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public RepositoryBusyException()
        : this("The repository is busy with another run.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is busy.</param>
    public RepositoryBusyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What is busy.</param>
    /// <param name="innerException">The cause.</param>
    public RepositoryBusyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
