namespace SwRel.Pipeline;

/// <summary>The pipeline's own <see cref="HttpClient"/> for http and https fetches, owned (and disposed) by the service provider.</summary>
/// <remarks>Register another <see cref="Repository.Transports.TransportFactory"/> to use a client of your own (proxies, certificates).</remarks>
internal sealed class PipelineHttpClient : IDisposable
{
    /// <summary>Gets the client.</summary>
    public HttpClient Client { get; } = new();

    /// <inheritdoc/>
    public void Dispose() => Client.Dispose();
}
