using System.Collections.Immutable;
using System.Net;
using SwRel.IO;
using SwRel.Metadata.Checksums;

namespace SwRel.Repository.Transports;

/// <summary>
/// Fetches over http or https. The SyncURL names a manifest of the release's files: a Metalink file
/// (<c>.meta4</c>, <c>.metalink</c>) or a text list (a <c>SHA256SUMS</c>-style checksum file, or one relative path
/// per line). The manifest is saved in the destination under its own name, and every file it lists is
/// downloaded from the URL resolved against the manifest's URL. A SyncURL ending in <c>/</c> names the release's
/// folder instead: the manifest is <see cref="TransportOptions.HttpManifestName"/> inside it (saved under that
/// relative path) and listed files are resolved against the folder.
/// </summary>
/// <remarks>
/// <para>
/// Files stream to disk (to a <c>.part</c> file renamed when complete); nothing is held in memory but the
/// manifest (at most <see cref="TransportOptions.MaxManifestBytes"/>). Listed paths must be relative, without
/// <c>..</c> or control characters. The destination's earlier contents are deleted first. Checksums are not
/// checked by this method: the plan's verify step does that; the <see cref="Execution.ReleaseStepHandler"/> passes the ticket's
/// manifest so that each file is hashed as it is written, and verification needs no second read.
/// </para>
/// <para>
/// <see cref="TransportOptions.Timeout"/> bounds the whole fetch; the <see cref="HttpClient"/>'s own timeout and
/// handler (proxies, certificates) are the caller's. Thread-safe.
/// </para>
/// </remarks>
public sealed class HttpTransport : ITransport
{
    private readonly HttpClient _client;
    private readonly TransportOptions _options;

    /// <summary>Initialises a new instance.</summary>
    /// <param name="client">The HTTP client, owned by the caller.</param>
    /// <param name="options">The transport settings.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public HttpTransport(HttpClient client, TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options;
    }

    /// <inheritdoc/>
    public async Task<TransportResult> FetchAsync(string source, string destinationDirectory, CancellationToken cancellationToken) =>
        (await FetchAsync(source, destinationDirectory, expected: null, cancellationToken).ConfigureAwait(false)).Result;

    /// <summary>
    /// Fetches like <see cref="FetchAsync(string, string, CancellationToken)"/> and hashes every file that
    /// <paramref name="expected"/> lists as it arrives: a mismatch fails the fetch, a match needs no second read.
    /// </summary>
    /// <returns>What was fetched and the files verified while they were written.</returns>
    internal async Task<(TransportResult Result, ImmutableArray<string> Verified)> FetchAsync(
        string source, string destinationDirectory, ChecksumManifest? expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destinationDirectory);
        if (!Uri.TryCreate(source, UriKind.Absolute, out var sourceUri)
            || (sourceUri.Scheme != Uri.UriSchemeHttp && sourceUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new TransportException(source, $"'{source}' is not an http or https URL.", null);
        }

        // A URL ending in '/' names the release's folder: its manifest is HttpManifestName inside it, and the
        // manifest keeps that relative path in the destination (where the verify step looks for it).
        var folderUrl = sourceUri.AbsolutePath.EndsWith('/');
        var manifestUri = folderUrl ? new Uri(sourceUri, EscapePath(_options.HttpManifestName)) : sourceUri;
        var manifestName = folderUrl ? _options.HttpManifestName : ManifestName(sourceUri);
        var entries = new Dictionary<string, ChecksumEntry>(StringComparer.Ordinal);
        foreach (var entry in expected?.Entries ?? [])
        {
            entries.TryAdd(entry.Path, entry);
        }

        var verified = ImmutableArray.CreateBuilder<string>();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        var current = manifestUri;
        try
        {
            Directory.CreateDirectory(destinationDirectory);
            using var destination = ConfinedRoot.Open(destinationDirectory);
            foreach (var (name, _) in destination.List(""))
            {
                destination.DeleteTree(name);
            }

            var manifest = await GetManifestAsync(manifestUri, timeout.Token).ConfigureAwait(false);
            var files = HttpManifest.Parse(manifest, manifestUri.ToString());
            CreateParent(destination, manifestName);
            var written = new FileStream(destination.CreateNew(manifestName), FileAccess.Write, bufferSize: 0);
            await using (written.ConfigureAwait(false))
            {
                await written.WriteAsync(manifest, timeout.Token).ConfigureAwait(false);
            }

            foreach (var file in files)
            {
                if (string.Equals(file, manifestName, StringComparison.Ordinal))
                {
                    continue;
                }

                current = new Uri(folderUrl ? sourceUri : manifestUri, EscapePath(file));
                CreateParent(destination, file);
                if (await DownloadAsync(current, destination, file, entries.GetValueOrDefault(file), timeout.Token).ConfigureAwait(false))
                {
                    verified.Add(file);
                }
            }

            return (TransportResult.Of(source, destination), verified.ToImmutable());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransportException(source, $"Fetching '{source}' timed out after {_options.Timeout} (at '{current}').", null);
        }
        catch (HttpRequestException e)
        {
            throw new TransportException(source, $"Fetching '{current}' failed: {e.Message}", e)
            {
                HttpStatus = e.StatusCode is { } status ? (int)status : null,
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TransportException(source, $"Fetching '{current}' failed: {e.Message}", e);
        }
    }

    private static void CreateParent(ConfinedRoot destination, string relative)
    {
        var slash = relative.LastIndexOf('/');
        if (slash > 0)
        {
            destination.CreateDirectory(relative[..slash]);
        }
    }

    private static string EscapePath(string relative) => string.Join('/', relative.Split('/').Select(Uri.EscapeDataString));

    private static string ManifestName(Uri uri)
    {
        var name = Uri.UnescapeDataString(uri.Segments[^1]).Trim('/');
        return name.Length == 0 || name is "." or ".." || name.Any(c => char.IsControl(c) || c is '\\' or '/') ? "index" : name;
    }

    private async Task<byte[]> GetManifestAsync(Uri uri, CancellationToken cancellationToken)
    {
        TransportException TooLarge() => new(uri.ToString(), $"The manifest '{uri}' is larger than {_options.MaxManifestBytes} bytes.", null);

        using var response = await SendAsync(uri, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength > _options.MaxManifestBytes)
        {
            throw TooLarge();
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = await CappedStream.ReadAsync(stream, _options.MaxManifestBytes, TooLarge, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }

    private async Task<bool> DownloadAsync(Uri uri, ConfinedRoot destination, string target, ChecksumEntry? expected, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(uri, cancellationToken).ConfigureAwait(false);
        var input = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (input.ConfigureAwait(false))
        {
            var (_, verified) = await HashedDownload.SaveAsync(input, destination, target, expected, uri.ToString(), cancellationToken).ConfigureAwait(false);
            return verified;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Uri uri, CancellationToken cancellationToken)
    {
        var response = await _client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var status = response.StatusCode;
            var reason = response.ReasonPhrase;
            response.Dispose();
            throw new TransportException(uri.ToString(), $"Fetching '{uri}' failed: HTTP {(int)status} {reason ?? StatusName(status)}.", null)
            {
                HttpStatus = (int)status,
            };
        }

        return response;
    }

    private static string StatusName(HttpStatusCode status) => status.ToString();
}
