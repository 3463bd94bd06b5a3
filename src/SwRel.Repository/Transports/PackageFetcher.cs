using System.Collections.Concurrent;
using System.Collections.Immutable;
using SwRel.IO;
using SwRel.Metadata.Checksums;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Transports;

/// <summary>
/// Fetches a release package by package (SPEC §11: a 0.2 descriptor whose synchURL is <c>n/a</c>): each file from its
/// own url, the transport chosen by the url's scheme (http, https, file), saved under its file name at the top of the
/// destination.
/// </summary>
/// <remarks>
/// Downloads run in parallel, at most <see cref="TransportOptions.MaxParallelDownloads"/> at a time. Each file streams
/// to disk through a handle on the destination (no link followed) and, when the checksum manifest lists it, is hashed
/// as it arrives: a mismatch fails the fetch at once, and a match spares the verify step a second read. The fetch is
/// resumable: a file already in the destination that is complete and matches the manifest is not fetched again;
/// other files there are left alone (the verify step reports any the manifest does not list).
/// <see cref="TransportOptions.Timeout"/> bounds the whole fetch. Thread-safe.
/// </remarks>
internal sealed class PackageFetcher(HttpClient client, TransportOptions options)
{
    /// <summary>Fetches every package into <paramref name="destinationDirectory"/>.</summary>
    /// <param name="packages">The files to fetch.</param>
    /// <param name="destinationDirectory">The folder to fill; created when missing.</param>
    /// <param name="manifest">The checksum manifest the files must match, or <see langword="null"/> to fetch unchecked.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>What was fetched, and the files that were verified while they were written or found complete.</returns>
    /// <exception cref="TransportException">A url cannot be fetched, or a file does not match the manifest.</exception>
    public async Task<(TransportResult Result, ImmutableArray<string> Verified, int Resumed)> FetchAsync(
        ImmutableArray<PackageSource> packages, string destinationDirectory, ChecksumManifest? manifest, CancellationToken cancellationToken)
    {
        var expected = new Dictionary<string, ChecksumEntry>(StringComparer.Ordinal);
        foreach (var entry in manifest?.Entries ?? [])
        {
            expected.TryAdd(entry.Path, entry);
        }

        foreach (var package in packages)
        {
            if (!RepositoryPlanner.IsPlainFileName(package.FileName))
            {
                throw new TransportException(package.Url, $"The package file name '{package.FileName}' is not a plain file name.", null);
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        Directory.CreateDirectory(destinationDirectory);
        using var destination = ConfinedRoot.Open(destinationDirectory);
        var verified = new ConcurrentBag<string>();
        var resumed = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelDownloads, CancellationToken = timeout.Token };
        try
        {
            await Parallel.ForEachAsync(packages, parallel, async (package, token) =>
            {
                var entry = expected.GetValueOrDefault(package.FileName);
                if (entry is not null && HashedDownload.IsComplete(destination, package.FileName, entry, token))
                {
                    verified.Add(package.FileName);
                    Interlocked.Increment(ref resumed);
                    return;
                }

                if (await FetchOneAsync(package, destination, entry, token).ConfigureAwait(false))
                {
                    verified.Add(package.FileName);
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransportException(FetchStep.PackagesSource, $"Fetching {packages.Length} packages timed out after {options.Timeout}.", null);
        }

        return (TransportResult.Of(FetchStep.PackagesSource, destination), [.. verified.Order(StringComparer.Ordinal)], resumed);
    }

    private async Task<bool> FetchOneAsync(PackageSource package, ConfinedRoot destination, ChecksumEntry? entry, CancellationToken cancellationToken)
    {
        var url = package.Url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new TransportException(url, $"The package url '{url}' of '{package.FileName}' is not an absolute URL.", null);
        }

        try
        {
            if (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            {
                using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new TransportException(url, $"Fetching '{url}' for '{package.FileName}' failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.", null)
                    {
                        HttpStatus = (int)response.StatusCode,
                    };
                }

                var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (body.ConfigureAwait(false))
                {
                    return (await HashedDownload.SaveAsync(body, destination, package.FileName, entry, url, cancellationToken).ConfigureAwait(false)).Verified;
                }
            }

            if (uri.IsFile)
            {
                var input = RegularFile.OpenRead(FileTransport.LocalPath(url), long.MaxValue, "a package");
                await using (input.ConfigureAwait(false))
                {
                    return (await HashedDownload.SaveAsync(input, destination, package.FileName, entry, url, cancellationToken).ConfigureAwait(false)).Verified;
                }
            }
        }
        catch (HttpRequestException e)
        {
            throw new TransportException(url, $"Fetching '{url}' for '{package.FileName}' failed: {e.Message}", e)
            {
                HttpStatus = e.StatusCode is { } status ? (int)status : null,
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TransportException(url, $"Fetching '{url}' for '{package.FileName}' failed: {e.Message}", e);
        }

        throw new TransportException(url, $"The package url '{url}' of '{package.FileName}' is not http, https or file.", null);
    }
}
