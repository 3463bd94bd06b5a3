using SwRel.IO;

namespace SwRel.Repository.Transports;

/// <summary>
/// Fetches by copying a local (or mounted) directory: <c>file:///path</c>, <c>file://localhost/path</c> or an
/// absolute path.
/// </summary>
/// <remarks>
/// The destination becomes a copy of the source's contents: whatever it held before is deleted first.
/// Symbolic links in the source are skipped (neither followed nor copied), and so are FIFOs, sockets and devices,
/// which are never opened. Nothing below the destination is reached through a link.
/// <see cref="TransportOptions.Timeout"/> bounds the whole copy. Thread-safe.
/// </remarks>
public sealed class FileTransport : ITransport
{
    private const int BufferSize = 81920;

    private readonly TransportOptions _options;

    /// <summary>Initialises a new instance.</summary>
    /// <param name="options">The transport settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public FileTransport(TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc/>
    public async Task<TransportResult> FetchAsync(string source, string destinationDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destinationDirectory);
        var from = LocalPath(source);
        if (!Directory.Exists(from))
        {
            throw new TransportException(source, $"Fetching '{source}': the directory '{from}' does not exist.", null);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var provider = ConfinedRoot.Open(from);
            Directory.CreateDirectory(destinationDirectory);
            using var destination = ConfinedRoot.Open(destinationDirectory);
            foreach (var (name, _) in destination.List(""))
            {
                destination.DeleteTree(name);
            }

            await CopyTreeAsync(provider, destination, timeout.Token).ConfigureAwait(false);
            return TransportResult.Of(source, destination);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransportException(source, $"Fetching '{source}' timed out after {_options.Timeout}.", null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TransportException(source, $"Fetching '{source}' failed: {e.Message}", e);
        }
    }

    /// <summary>
    /// Copies the provider's folders and regular files. Links are neither followed nor copied, and FIFOs, sockets and
    /// devices are skipped without being opened (as rsync's <c>--no-links --no-devices --no-specials</c> do): a
    /// provider's tree must not pull in files from elsewhere, nor make the fetch wait on a pipe.
    /// </summary>
    private static async Task CopyTreeAsync(ConfinedRoot provider, ConfinedRoot destination, CancellationToken cancellationToken)
    {
        foreach (var (relative, kind) in provider.EnumerateTree(""))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (kind == EntryKind.Directory)
            {
                destination.CreateDirectory(relative);
            }
            else if (kind == EntryKind.File)
            {
                var input = new FileStream(provider.OpenRead(relative), FileAccess.Read, bufferSize: 0);
                await using (input.ConfigureAwait(false))
                {
                    var output = new FileStream(destination.CreateNew(relative), FileAccess.Write, bufferSize: 0);
                    await using (output.ConfigureAwait(false))
                    {
                        await input.CopyToAsync(output, BufferSize, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
    }

    internal static string LocalPath(string source)
    {
        if (source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(source, UriKind.Absolute, out var uri) || !uri.IsFile || !(uri.IsLoopback || uri.Host.Length == 0))
            {
                throw new TransportException(source, $"The file URL '{source}' is not of the form file:///path.", null);
            }

            return uri.LocalPath;
        }

        return Path.IsPathFullyQualified(source)
            ? source
            : throw new TransportException(source, $"The file source '{source}' is neither a file:/// URL nor an absolute path.", null);
    }
}
