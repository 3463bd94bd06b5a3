namespace SwRel.Repository.Transports;

/// <summary>A fetch failed: the message names the URL and what went wrong (HTTP status, rsync exit status and its error output…).</summary>
public sealed class TransportException : Exception
{
    /// <summary>Initialises a new instance.</summary>
    public TransportException()
        : this("The fetch failed.")
    {
    }

    /// <summary>Initialises a new instance.</summary>
    /// <param name="message">What went wrong.</param>
    public TransportException(string message)
        : this(message, null)
    {
    }

    /// <summary>Initialises a new instance.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public TransportException(string message, Exception? innerException)
        : this(url: null, message, innerException)
    {
    }

    /// <summary>Initialises a new instance.</summary>
    /// <param name="url">The URL or path being fetched.</param>
    /// <param name="message">What went wrong; it should name <paramref name="url"/>.</param>
    /// <param name="innerException">The cause.</param>
    public TransportException(string? url, string message, Exception? innerException)
        : base(message, innerException)
    {
        Url = url;
    }

    /// <summary>Gets the URL or path being fetched, when known.</summary>
    public string? Url { get; }

    /// <summary>Gets the HTTP status code, when an HTTP server refused the request.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Gets rsync's exit status, when rsync failed.</summary>
    public int? ExitStatus { get; init; }
}
