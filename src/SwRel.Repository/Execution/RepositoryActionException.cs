namespace SwRel.Repository.Execution;

/// <summary>
/// A release or ticket that is not fit for the transition asked for (a bad release.xml, a
/// checksum mismatch, a missing attachment…). The processor writes the message on the ticket and
/// sets it to Failed.
/// </summary>
public sealed class RepositoryActionException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public RepositoryActionException()
        : this("The repository action failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, in words for the ticket's readers.</param>
    public RepositoryActionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What is wrong, in words for the ticket's readers.</param>
    /// <param name="innerException">The cause.</param>
    public RepositoryActionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
