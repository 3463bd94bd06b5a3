namespace SwRel.Repository.Transports;

/// <summary>
/// Fetches by copying a local (or mounted) directory: <c>file:///path</c>, <c>file://localhost/path</c> or an
/// absolute path.
/// </summary>
/// <remarks>
/// The destination becomes a copy of the source's contents: whatever it held before is deleted first.
/// Symbolic links in the source are skipped (neither followed nor copied).
/// <see cref="TransportOptions.Timeout"/> bounds the whole copy. Thread-safe.
/// </remarks>
public sealed class FileTransport : ITransport
{
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

        var destination = Path.GetFullPath(destinationDirectory);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            if (Directory.Exists(destination))
            {
                Directory.Delete(destination, recursive: true);
            }

            Directory.CreateDirectory(destination);

            // Symbolic links are neither followed nor copied: a provider's tree must not pull in files from elsewhere.
            var walk = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
            foreach (var directory in Directory.EnumerateDirectories(from, "*", walk))
            {
                Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(from, directory)));
            }

            foreach (var file in Directory.EnumerateFiles(from, "*", walk))
            {
                timeout.Token.ThrowIfCancellationRequested();
                var target = Path.Combine(destination, Path.GetRelativePath(from, file));
                var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
                await using (input.ConfigureAwait(false))
                {
                    var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                    await using (output.ConfigureAwait(false))
                    {
                        await input.CopyToAsync(output, timeout.Token).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransportException(source, $"Fetching '{source}' timed out after {_options.Timeout}.", null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TransportException(source, $"Fetching '{source}' failed: {e.Message}", e);
        }

        return TransportResult.Of(source, destination);
    }

    private static string LocalPath(string source)
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
