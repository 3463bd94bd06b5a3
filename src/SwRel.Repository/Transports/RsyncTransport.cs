using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using SwRel.IO;

namespace SwRel.Repository.Transports;

/// <summary>
/// Fetches by running the <c>rsync</c> program: <c>rsync -a --delete --no-links --no-devices --no-specials
/// --no-owner --no-group SOURCE/ DESTINATION/</c>.
/// Sources: <c>rsync://host[:port]/module/path</c>, <c>host::module/path</c>, or a local path.
/// </summary>
/// <remarks>
/// The source's contents (not the folder itself) land in the destination, and files the source lacks are
/// deleted there. <see cref="TransportOptions.IoTimeout"/> becomes rsync's <c>--timeout</c> (and
/// <c>--contimeout</c> for daemons); <see cref="TransportOptions.Timeout"/> bounds the whole run, after which
/// rsync is killed. Remote shells (<c>host:path</c>) are not accepted: a SyncURL names a daemon. Thread-safe.
/// </remarks>
public sealed class RsyncTransport : ITransport
{
    private const int MaxErrorChars = 8192;
    private readonly TransportOptions _options;

    /// <summary>Initialises a new instance.</summary>
    /// <param name="options">The transport settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public RsyncTransport(TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc/>
    public async Task<TransportResult> FetchAsync(string source, string destinationDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destinationDirectory);
        var daemon = CheckSource(source);
        Directory.CreateDirectory(destinationDirectory);
        using var destination = ConfinedRoot.Open(destinationDirectory);

        var start = new ProcessStartInfo(_options.RsyncPath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-a");
        start.ArgumentList.Add("--delete");

        // A provider's tree is untrusted: no symbolic link (a link inside the repository is never followed, so it
        // could only stop the release later), no device or special file, and files owned by whoever runs the fetch
        // rather than by the provider's user ids.
        start.ArgumentList.Add("--no-links");
        start.ArgumentList.Add("--no-devices");
        start.ArgumentList.Add("--no-specials");
        start.ArgumentList.Add("--no-owner");
        start.ArgumentList.Add("--no-group");
        var ioSeconds = Math.Max(1, (int)_options.IoTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        start.ArgumentList.Add("--timeout=" + ioSeconds);
        if (daemon)
        {
            start.ArgumentList.Add("--contimeout=" + ioSeconds);
            if (_options.RsyncDaemonPort is { } port && !source.StartsWith("rsync://", StringComparison.OrdinalIgnoreCase))
            {
                start.ArgumentList.Add("--port=" + port.ToString(CultureInfo.InvariantCulture));
            }
        }

        start.ArgumentList.Add(source.EndsWith('/') ? source : source + "/");
        // The folder itself, pinned through this process's descriptor: a link swapped in above it cannot redirect rsync.
        start.ArgumentList.Add(destination.PinnedPath + "/");

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new TransportException(source, $"Fetching '{source}': the rsync program '{_options.RsyncPath}' did not start.", null);
        }
        catch (Win32Exception e)
        {
            throw new TransportException(
                source,
                $"Fetching '{source}': the rsync program '{_options.RsyncPath}' could not be started ({e.Message}); install rsync or set TransportOptions.RsyncPath.",
                e);
        }

        using (process)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            process.StandardInput.Close();
            timeout.CancelAfter(_options.Timeout);
            var errors = ReadBoundedAsync(process.StandardError);
            var output = ReadBoundedAsync(process.StandardOutput);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                cancellationToken.ThrowIfCancellationRequested();
                throw new TransportException(source, $"Fetching '{source}' with rsync timed out after {_options.Timeout}.", null);
            }

            var stderr = (await errors.ConfigureAwait(false)).Trim();
            await output.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new TransportException(
                    source,
                    $"Fetching '{source}' with rsync failed with exit status {process.ExitCode}: {(stderr.Length == 0 ? "(no error output)" : stderr)}",
                    null)
                {
                    ExitStatus = process.ExitCode,
                };
            }
        }

        return TransportResult.Of(source, destination);
    }

    /// <summary>Refuses sources that rsync would read as options or as remote-shell targets; returns whether it names a daemon.</summary>
    private static bool CheckSource(string source)
    {
        if (source.Length == 0 || source.Any(char.IsControl))
        {
            throw new TransportException(source, $"The rsync source '{source}' is empty or holds a control character.", null);
        }

        if (source[0] == '-')
        {
            throw new TransportException(source, $"The rsync source '{source}' starts with '-'.", null);
        }

        if (source.StartsWith("rsync://", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Host.Length > 0 && uri.AbsolutePath.Length > 1
                ? true
                : throw new TransportException(source, $"The rsync URL '{source}' is not of the form rsync://host[:port]/module/path.", null);
        }

        var daemon = source.IndexOf("::", StringComparison.Ordinal);
        if (daemon >= 0)
        {
            return daemon > 0 && daemon + 2 < source.Length
                ? true
                : throw new TransportException(source, $"The rsync source '{source}' is not of the form host::module/path.", null);
        }

        var colon = source.IndexOf(':', StringComparison.Ordinal);
        var slash = source.IndexOf('/', StringComparison.Ordinal);
        if (colon >= 0 && (slash < 0 || colon < slash))
        {
            throw new TransportException(source, $"The rsync source '{source}' names a remote shell (host:path); use rsync://host/module/path or host::module/path.", null);
        }

        if (!Directory.Exists(source))
        {
            throw new TransportException(source, $"The rsync source '{source}' is a local path that is not an existing directory.", null);
        }

        return false;
    }

    private static async Task<string> ReadBoundedAsync(StreamReader reader)
    {
        var text = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false)) > 0)
        {
            if (text.Length < MaxErrorChars)
            {
                text.Append(buffer, 0, Math.Min(read, MaxErrorChars - text.Length));
            }
        }

        return text.ToString();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
    }
}
