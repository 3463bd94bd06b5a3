namespace SwRel.Repository.Transports;

/// <summary>Fetches a release from its provider's synchronisation URL (the ticket's SyncURL) into a local folder.</summary>
/// <remarks>Implementations are thread-safe; one instance may serve concurrent fetches into different folders.</remarks>
public interface ITransport
{
    /// <summary>Makes <paramref name="destinationDirectory"/> a copy of what <paramref name="source"/> names.</summary>
    /// <param name="source">The URL or path to fetch from; the forms each transport accepts are in its summary.</param>
    /// <param name="destinationDirectory">The local folder to fill; created when absent, and whatever it held that the source lacks is deleted.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>What was fetched.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="TransportException">The fetch failed or timed out; the message names the URL and what went wrong.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<TransportResult> FetchAsync(string source, string destinationDirectory, CancellationToken cancellationToken);
}
