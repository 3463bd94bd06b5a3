using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using SwRel.IO;
using SwRel.Metadata.Checksums;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using SwRel.Repository.Publication;
using SwRel.Repository.Transports;

namespace SwRel.Repository.Execution;

/// <summary>
/// The executor's handler for the plan steps that are not file-system work: <c>fetch</c> through a transport,
/// <c>verify</c> against a checksum manifest, <c>refresh-index</c> by the built-in publisher or an index command, and
/// <c>set-repository-url</c> through a callback. Used by the provisioning pipeline and by <c>swrel apply</c>.
/// </summary>
/// <remarks>
/// The checksum manifest is the given <see cref="ReleaseStepHandlerOptions.Manifest"/> (the ticket's ReleaseChecksums
/// attachment); the one the verify step names inside the fetched tree is read only when
/// <see cref="ReleaseStepHandlerOptions.AllowTreeManifest"/> allows it.
/// A failed verification (no manifest, a missing, empty, invalid or refused manifest, files that do not match, or fetched files it
/// does not list, other than the manifest and release.xml) throws
/// <see cref="RepositoryActionException"/>; an index command that cannot start or exits with a non-zero code throws
/// <see cref="InvalidOperationException"/>; a fetch error is the transport's <see cref="TransportException"/>. The executor
/// wraps each in a <see cref="PlanExecutionException"/> and rolls the run back. Cancelling a running index command kills
/// it with its children. A fetch package by package (<see cref="FetchStep.Packages"/>) takes each url's transport from
/// its scheme. With a given <see cref="ReleaseStepHandlerOptions.Manifest"/>, http, https and package downloads are
/// hashed as they are written, and the verify step that follows reads those files no second time. Thread-safe: the only
/// state kept between steps is that list of files hashed by a fetch, keyed by its destination.
/// </remarks>
public sealed class ReleaseStepHandler : IPlanStepHandler, IIndexStager
{
    private const int MaxProblemsShown = 10;

    /// <summary>The name of the release's descriptor at the root of a fetched release, which no manifest lists.</summary>
    private const string ReleaseDescriptorName = "release.xml";

    private readonly TransportFactory _transports;
    private readonly ChecksumVerifier _verifier;
    private readonly ChecksumManifest? _manifest;
    private readonly bool _allowTreeManifest;
    private readonly long _freeSpaceMargin;
    private readonly string? _indexCommand;
    private readonly ImmutableArray<string> _indexArguments;
    private readonly RepositoryPublisher? _publisher;
    private readonly bool _skipRefreshWithoutCommand;
    private readonly Func<SetRepositoryUrlStep, CancellationToken, ValueTask<string>>? _setRepositoryUrl;

    // Files a fetch hashed against the given manifest as they were written, by fetch destination, for the verify step
    // that follows: it reads them no second time (only their size is checked again).
    private readonly ConcurrentDictionary<string, ImmutableDictionary<string, long>> _verifiedByFetch = new(StringComparer.Ordinal);

    /// <summary>Creates the handler.</summary>
    /// <param name="transports">Makes the transport for each fetch step's protocol.</param>
    /// <param name="options">How to verify, refresh indexes and set RepositoryURL; read once, here.</param>
    /// <param name="verifier">The checksum verifier; default a new <see cref="ChecksumVerifier"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="transports"/>, <paramref name="options"/> or its <see cref="ReleaseStepHandlerOptions.RefreshIndexArguments"/> (or one of them) is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The <see cref="ReleaseStepHandlerOptions.Publication"/> options lack the GnuPG home or the signing key.</exception>
    public ReleaseStepHandler(TransportFactory transports, ReleaseStepHandlerOptions options, ChecksumVerifier? verifier = null)
    {
        ArgumentNullException.ThrowIfNull(transports);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.RefreshIndexArguments);
        if (options.RefreshIndexArguments.Any(a => a is null))
        {
            throw new ArgumentNullException(nameof(options), "ReleaseStepHandlerOptions.RefreshIndexArguments holds a null argument.");
        }

        _transports = transports;
        _verifier = verifier ?? new ChecksumVerifier();
        _manifest = options.Manifest;
        _allowTreeManifest = options.AllowTreeManifest;
        _freeSpaceMargin = options.FreeSpaceMargin >= 0
            ? options.FreeSpaceMargin
            : throw new ArgumentOutOfRangeException(nameof(options), options.FreeSpaceMargin, "ReleaseStepHandlerOptions.FreeSpaceMargin must not be negative.");
        _indexCommand = string.IsNullOrWhiteSpace(options.RefreshIndexCommand) ? null : options.RefreshIndexCommand;
        _indexArguments = [.. options.RefreshIndexArguments];
        _publisher = options.Publication is { } publication ? new RepositoryPublisher(publication) : null;
        _skipRefreshWithoutCommand = options.SkipRefreshIndexWithoutCommand;
        _setRepositoryUrl = options.SetRepositoryUrl;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <c>fetch</c> and <c>verify</c> always; <c>refresh-index</c> when there is an index command, publication options or
    /// <see cref="ReleaseStepHandlerOptions.SkipRefreshIndexWithoutCommand"/> is set; <c>set-repository-url</c> when there is a
    /// <see cref="ReleaseStepHandlerOptions.SetRepositoryUrl"/> callback.
    /// </remarks>
    public bool CanHandle(string kind) => kind switch
    {
        FetchStep.KindName or VerifyStep.KindName => true,
        RefreshIndexStep.KindName => _indexCommand is not null || _publisher is not null || _skipRefreshWithoutCommand,
        SetRepositoryUrlStep.KindName => _setRepositoryUrl is not null,
        _ => false,
    };

    /// <inheritdoc/>
    /// <exception cref="RepositoryActionException">A verify step failed: no usable manifest, or files that do not match it; or the index built for a refresh-index step does not check out.</exception>
    /// <exception cref="InvalidOperationException">The index command or a publishing program could not start or failed; or the step is one this handler does not carry out.</exception>
    /// <exception cref="TransportException">A fetch failed.</exception>
    public async ValueTask<string> HandleAsync(PlanStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        switch (context.Step)
        {
            // Each step works in its folder pinned by a handle opened from the root without following links, so
            // that no link in the repository, present or swapped in during the step, can send it elsewhere.
            case FetchStep fetch:
                return await InPinnedFolderAsync(context, fetch.Destination, folder => FetchAsync(context, fetch, folder, cancellationToken)).ConfigureAwait(false);
            case VerifyStep verify:
                return await InPinnedFolderAsync(context, verify.Root, folder => VerifyAsync(context, folder, verify, cancellationToken)).ConfigureAwait(false);
            case RefreshIndexStep refresh when CanHandle(refresh.Kind):
                if (_indexCommand is null && _publisher is not null)
                {
                    return await _publisher.PublishAsync(context.Root, refresh.Path, cancellationToken).ConfigureAwait(false);
                }

                return _indexCommand is null
                    ? "no index command or signing key is configured; the index was not refreshed"
                    : await InPinnedFolderAsync(context, refresh.Path, folder => RefreshAsync(folder, refresh, cancellationToken)).ConfigureAwait(false);
            case SetRepositoryUrlStep set when _setRepositoryUrl is not null:
                return await _setRepositoryUrl(set, cancellationToken).ConfigureAwait(false);
            default:
                throw new InvalidOperationException($"This handler does not carry out '{context.Step.Kind}' steps.");
        }
    }

    /// <summary>Stages the index for the executor when the built-in publisher refreshes it (no index command is set).</summary>
    async Task<StagedIndex?> IIndexStager.StageIndexAsync(string root, RefreshIndexStep step, string staging, CancellationToken cancellationToken) =>
        _indexCommand is null && _publisher is not null
            ? await _publisher.StageAsync(root, step.Path, staging, cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>
    /// Runs a step on its folder, named by the path of a handle on it (<c>/proc/PID/fd/N</c> on Linux) that was opened
    /// from the root without following links; messages name the folder by its real path again.
    /// </summary>
    private static async ValueTask<string> InPinnedFolderAsync(PlanStepContext context, RepositoryPath path, Func<string, ValueTask<string>> step)
    {
        using var root = ConfinedRoot.Open(context.Root);
        using var folder = root.OpenDirectory(path.Value);
        var pinned = folder.PinnedPath;
        string Unpin(string message) => message.Replace(pinned, folder.FullPath, StringComparison.Ordinal);
        try
        {
            return await step(pinned).ConfigureAwait(false);
        }
        catch (RepositoryActionException e) when (e.Message.Contains(pinned, StringComparison.Ordinal))
        {
            throw new RepositoryActionException(Unpin(e.Message), e);
        }
        catch (TransportException e) when (e.Message.Contains(pinned, StringComparison.Ordinal))
        {
            throw new TransportException(e.Url, Unpin(e.Message), e) { HttpStatus = e.HttpStatus, ExitStatus = e.ExitStatus };
        }
        catch (InvalidOperationException e) when (e.Message.Contains(pinned, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(Unpin(e.Message), e);
        }
        catch (IOException e) when (e.Message.Contains(pinned, StringComparison.Ordinal))
        {
            throw new IOException(Unpin(e.Message), e);
        }
    }

    /// <summary>Fails before a fetch when the folder's file system has less room than the release's stated size plus the margin.</summary>
    private void CheckFreeSpace(string folder)
    {
        var releaseBytes = _manifest?.StatedBytes ?? 0;
        var needed = releaseBytes > long.MaxValue - _freeSpaceMargin ? long.MaxValue : releaseBytes + _freeSpaceMargin;
        long free;
        try
        {
            // statvfs of the folder itself, so a repository on its own mount is measured there.
            free = new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // A file system that cannot say is not a reason to refuse the release; the fetch itself reports a full disk.
            return;
        }

        if (free < needed)
        {
            var size = releaseBytes > 0 ? $"the release's {Bytes(releaseBytes)} plus a margin of {Bytes(_freeSpaceMargin)}" : $"a margin of {Bytes(_freeSpaceMargin)} (the manifest states no sizes)";
            throw new RepositoryActionException(
                $"Not enough free space to fetch into {folder}: {Bytes(needed)} needed ({size}), {Bytes(free)} free. Free some space or lower the free-space margin, then retry.");
        }
    }

    private static string Bytes(long bytes) => bytes >= 1L << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.##} GiB ({bytes} bytes)")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");

    /// <summary>
    /// Fetches by the step's transport, or package by package; with a given manifest, http(s) and package downloads are
    /// hashed as they are written and remembered for the verify step.
    /// </summary>
    private async ValueTask<string> FetchAsync(PlanStepContext context, FetchStep fetch, string folder, CancellationToken cancellationToken)
    {
        var key = KeyOf(context, fetch.Destination);
        _verifiedByFetch.TryRemove(key, out _);
        CheckFreeSpace(folder);
        TransportResult fetched;
        ImmutableArray<string> verified = [];
        var resumed = 0;
        if (!fetch.Packages.IsEmpty)
        {
            (fetched, verified, resumed) = await _transports.Packages().FetchAsync(fetch.Packages, folder, _manifest, cancellationToken).ConfigureAwait(false);
        }
        else if (_transports.Create(fetch.Protocol) is HttpTransport http)
        {
            (fetched, verified) = await http.FetchAsync(fetch.Source, folder, _manifest, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            fetched = await _transports.Create(fetch.Protocol).FetchAsync(fetch.Source, folder, cancellationToken).ConfigureAwait(false);
        }

        if (!verified.IsEmpty)
        {
            using var root = ConfinedRoot.Open(folder);
            var sizes = ImmutableDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
            foreach (var file in verified)
            {
                if (root.Stat(file, out var length) == EntryKind.File)
                {
                    sizes[file] = length;
                }
            }

            _verifiedByFetch[key] = sizes.ToImmutable();
        }

        var from = fetch.Packages.IsEmpty ? fetch.Source : $"{fetch.Packages.Length} package urls";
        var again = resumed > 0 ? $", {resumed} already complete" : "";
        var hashed = verified.Length - resumed > 0 ? $", {verified.Length - resumed} verified as they arrived" : "";
        return $"fetched {fetched.Files.Length} files ({fetched.Bytes} bytes) from {from} into {fetch.Destination}{again}{hashed}";
    }

    private static string KeyOf(PlanStepContext context, RepositoryPath path) => Path.GetFullPath(path.ToLocalPath(context.Root));

    private async ValueTask<string> VerifyAsync(PlanStepContext context, string folder, VerifyStep verify, CancellationToken cancellationToken)
    {
        if (_manifest is null && !_allowTreeManifest)
        {
            throw new RepositoryActionException(
                $"No checksum manifest was given for {verify.Root} (the ticket's ReleaseChecksums attachment); the release's own '{verify.Manifest}' comes from the same source as the files it vouches for and is used only when that is allowed.");
        }

        var label = _manifest is null ? $"'{verify.Manifest}'" : "given";
        var manifest = _manifest ?? ReadTreeManifest(folder, verify);

        // An empty manifest would verify as "all ok" and let every fetched file be published unchecked.
        if (manifest.Entries.IsEmpty)
        {
            throw new RepositoryActionException($"The {label} checksum manifest for {verify.Root} lists no files, so it vouches for nothing.");
        }

        // Every fetched file is published: one the manifest does not list would be published unchecked. Only the
        // manifest itself and the release's descriptor may stay unlisted.
        // Files the fetch already hashed against this same manifest are not read again, unless their size changed since.
        var preverified = PreverifiedFiles(context, folder, verify, manifest);
        var rest = preverified.Count == 0 ? manifest : manifest with { Entries = [.. manifest.Entries.Where(e => !preverified.Contains(e.Path))] };
        var scope = new VerificationScope { ReportExtra = true, AllowedUnlisted = [verify.Manifest, ReleaseDescriptorName, .. preverified] };
        var report = await _verifier.VerifyAsync(rest, folder, scope, progress: null, cancellationToken).ConfigureAwait(false);
        if (report.IsRefused)
        {
            throw new RepositoryActionException(
                $"The {label} checksum manifest for {verify.Root} was refused: {Capped(report.Refused, p => p.ToString())}.");
        }

        var unlisted = report.Entries.Where(e => e.Status == EntryStatus.Extra).ToArray();
        var bad = report.Entries.Where(e => e.Status is not (EntryStatus.Ok or EntryStatus.Extra)).ToArray();
        if (bad.Length > 0 || unlisted.Length > 0)
        {
            var listed = report.Entries.Length - unlisted.Length;
            var text = new StringBuilder($"Checksum verification of {verify.Root} failed");
            if (bad.Length > 0)
            {
                text.Append($" for {bad.Length} of {listed} files: {Capped(bad, Describe)}");
            }

            if (unlisted.Length > 0)
            {
                text.Append(bad.Length > 0 ? "; and " : ": ")
                    .Append($"{unlisted.Length} fetched file(s) are not in the manifest and would be published unchecked: {Capped(unlisted, DescribeUnlisted)}");
            }

            throw new RepositoryActionException(text.Append('.').ToString());
        }

        var already = preverified.Count > 0 ? $" read; {preverified.Count} of them hashed while fetched" : "";
        return $"verified {report.Entries.Length + preverified.Count} files against {(_manifest is null ? verify.Manifest : "the given manifest")} ({report.BytesHashed} bytes{already})";
    }

    private HashSet<string> PreverifiedFiles(PlanStepContext context, string folder, VerifyStep verify, ChecksumManifest manifest)
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        if (!ReferenceEquals(manifest, _manifest) || !_verifiedByFetch.TryRemove(KeyOf(context, verify.Root), out var sizes))
        {
            return files;
        }

        using var root = ConfinedRoot.Open(folder);
        foreach (var entry in manifest.Entries)
        {
            if (sizes.TryGetValue(entry.Path, out var size) && root.Stat(entry.Path, out var length) == EntryKind.File && length == size)
            {
                files.Add(entry.Path);
            }
        }

        return files;
    }

    private static string Capped<T>(IReadOnlyCollection<T> items, Func<T, string> describe)
    {
        var text = string.Join("; ", items.Take(MaxProblemsShown).Select(describe));
        return items.Count > MaxProblemsShown ? $"{text}; and {items.Count - MaxProblemsShown} more" : text;
    }

    private static ChecksumManifest ReadTreeManifest(string folder, VerifyStep verify)
    {
        // The manifest comes with the fetched files: it is read below the release folder without following a link,
        // and only when it is a regular file, so that neither a link nor a FIFO can stand in for it.
        ManifestReadResult read;
        try
        {
            // The same size cap as the reader's own, checked before anything is read.
            var options = new ManifestReaderOptions();
            using var root = ConfinedRoot.Open(folder);
            using var stream = RegularFile.Capped(root.OpenRead(verify.Manifest), root.Display(verify.Manifest), options.MaxCharacters, "a checksum manifest");
            read = ChecksumManifestReader.Read(stream, options);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new RepositoryActionException($"There is no checksum manifest: the release in {verify.Root} has no '{verify.Manifest}'.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new RepositoryActionException($"The checksum manifest '{verify.Manifest}' in {verify.Root} cannot be read: {e.Message}", e);
        }

        return read.Succeeded
            ? read.Manifest!
            : throw new RepositoryActionException(
                $"The checksum manifest '{verify.Manifest}' in {verify.Root} is not valid: {Capped(read.Errors, e => e.ToString())}.");
    }

    private static string Describe(EntryResult entry) => entry.Status switch
    {
        EntryStatus.Mismatch => $"{entry.Path}: Mismatch (checksum mismatch: expected {entry.Expected}, got {entry.Actual})",
        EntryStatus.SizeMismatch => $"{entry.Path}: SizeMismatch (size mismatch: expected {entry.ExpectedSize} bytes, got {entry.ActualSize})",
        EntryStatus.Missing => $"{entry.Path}: Missing",
        EntryStatus.Unreadable => $"{entry.Path}: Unreadable ({entry.Reason})",
        _ => $"{entry.Path}: {entry.Status}",
    };

    private static string DescribeUnlisted(EntryResult entry) =>
        entry.Reason is null ? entry.Path : $"{entry.Path} ({entry.Reason})";

    private async ValueTask<string> RefreshAsync(string folder, RefreshIndexStep refresh, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_indexCommand!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var argument in _indexArguments)
        {
            start.ArgumentList.Add(argument.Replace("{path}", folder, StringComparison.Ordinal));
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"The index command '{_indexCommand}' could not be started.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"The index command '{_indexCommand}' could not be started: {e.Message}", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            await output.ConfigureAwait(false);
            var stderr = (await error.ConfigureAwait(false)).Trim();
            return process.ExitCode == 0
                ? $"ran {_indexCommand} on {refresh.Path}"
                : throw new InvalidOperationException(
                    $"The index command '{_indexCommand}' on {refresh.Path} exited with code {process.ExitCode}{(stderr.Length > 0 ? ": " + stderr : "")}.");
        }
    }
}
