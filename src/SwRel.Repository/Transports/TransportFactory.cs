using Microsoft.Extensions.Options;
using SwRel.Domain.Tickets;

namespace SwRel.Repository.Transports;

/// <summary>Makes the transport for a ticket's SyncProtocol.</summary>
/// <remarks>Thread-safe. The transports share the options and the <see cref="HttpClient"/> given here.</remarks>
public sealed class TransportFactory
{
    private readonly TransportOptions _options;
    private readonly HttpClient _httpClient;

    /// <summary>Initialises a new factory.</summary>
    /// <param name="options">The transport settings.</param>
    /// <param name="httpClient">The client for http and https (its handler decides proxies, certificates…); owned by the caller.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException"><paramref name="options"/> is invalid.</exception>
    public TransportFactory(TransportOptions options, HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        var validation = new TransportOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(TransportOptions), typeof(TransportOptions), validation.Failures ?? []);
        }

        _options = options;
        _httpClient = httpClient;
    }

    /// <summary>Makes the fetcher of a release whose files each come from their own url.</summary>
    internal PackageFetcher Packages() => new(_httpClient, _options);

    /// <summary>Returns the transport for a protocol.</summary>
    /// <param name="protocol">The protocol.</param>
    /// <returns>The transport.</returns>
    /// <exception cref="TransportException"><paramref name="protocol"/> is <see cref="SyncProtocol.Ftp"/> (not supported) or unknown.</exception>
    public ITransport Create(SyncProtocol protocol) => protocol switch
    {
        SyncProtocol.Rsync => new RsyncTransport(_options),
        SyncProtocol.Http or SyncProtocol.Https => new HttpTransport(_httpClient, _options),
        SyncProtocol.File => new FileTransport(_options),
        SyncProtocol.Ftp => throw new TransportException(
            "The ftp SyncProtocol is not supported: ask the provider for an rsync, http, https or file SyncURL."),
        _ => throw new TransportException($"The SyncProtocol '{protocol}' is unknown."),
    };

    /// <summary>Returns the transport for a protocol written as text (a fetch step's <c>Protocol</c>: <c>rsync</c>, <c>http</c>…), case-insensitively.</summary>
    /// <param name="protocol">The protocol's name.</param>
    /// <returns>The transport.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="protocol"/> is <see langword="null"/>.</exception>
    /// <exception cref="TransportException">The protocol is ftp (not supported) or unknown.</exception>
    public ITransport Create(string protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        return SyncProtocolText.TryParse(protocol.Trim(), out var parsed)
            ? Create(parsed)
            : throw new TransportException($"The SyncProtocol '{protocol}' is unknown: use rsync, http, https or file.");
    }
}
