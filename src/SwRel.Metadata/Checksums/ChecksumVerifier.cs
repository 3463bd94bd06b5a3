using System.Collections.Immutable;
using SwRel.IO;

namespace SwRel.Metadata.Checksums;

/// <summary>
/// Verifies a tree against a <see cref="ChecksumManifest"/>: streams every file once, several files at a time,
/// and returns one <see cref="EntryResult"/> per entry (SPEC §9).
/// </summary>
/// <remarks>
/// <para>Before any file is opened the manifest is checked with <see cref="ManifestPathPolicy"/>; if any entry is
/// refused, the report names every offending entry and nothing is read.</para>
/// <para>Each entry is checked with its strongest hash. A stated size that differs is reported as
/// <see cref="EntryStatus.SizeMismatch"/> without hashing. Memory is bounded by
/// <see cref="VerifierOptions.Parallelism"/> × <see cref="VerifierOptions.BufferSize"/> whatever the file sizes.</para>
/// <para>Progress is reported from worker threads, after every buffer and every file, and once more at the end
/// with the final counts; an <see cref="IProgress{T}"/> that posts to a synchronisation context may see the reports
/// out of order. The verifier holds no mutable state: one instance may run several verifications at once.</para>
/// </remarks>
public sealed class ChecksumVerifier
{
    private readonly VerifierOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a verifier.</summary>
    /// <param name="options">The options, or <see langword="null"/> for the defaults. They are copied.</param>
    /// <param name="timeProvider">The clock used to measure <see cref="VerificationReport.Elapsed"/>; <see cref="TimeProvider.System"/> by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid (see <see cref="VerifierOptions.Validate"/>).</exception>
    public ChecksumVerifier(VerifierOptions? options = null, TimeProvider? timeProvider = null)
    {
        options ??= new VerifierOptions();
        options.Validate();
        _options = new VerifierOptions
        {
            Parallelism = options.Parallelism,
            ReportExtra = options.ReportExtra,
            RefuseWeakAlgorithms = options.RefuseWeakAlgorithms,
            BufferSize = options.BufferSize,
        };
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Verifies the files under <paramref name="root"/> against the manifest; extra files are reported as <see cref="VerifierOptions.ReportExtra"/> says.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="root">The folder the manifest's paths are relative to.</param>
    /// <param name="progress">Receives bytes and files done of the totals, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the verification.</param>
    /// <returns>The report: refused entries, or one result per entry.</returns>
    /// <remarks>
    /// With <see cref="VerifierOptions.ReportExtra"/>, a manifest file under <paramref name="root"/> is reported as
    /// extra like any other unlisted file: name it in a <see cref="VerificationScope"/> and use the other overload.
    /// </remarks>
    /// <exception cref="DirectoryNotFoundException"><paramref name="root"/> is not a folder.</exception>
    /// <exception cref="OperationCanceledException">The verification was cancelled.</exception>
    public Task<VerificationReport> VerifyAsync(
        ChecksumManifest manifest,
        string root,
        IProgress<VerificationProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        VerifyAsync(manifest, root, new VerificationScope { ReportExtra = _options.ReportExtra }, progress, cancellationToken);

    /// <summary>Verifies the files under <paramref name="root"/> against the manifest, reporting extra files as <paramref name="scope"/> says.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="root">The folder the manifest's paths are relative to.</param>
    /// <param name="scope">Whether unlisted files are reported, and which may stay unlisted (the manifest file itself); read once, here. It overrides <see cref="VerifierOptions.ReportExtra"/>.</param>
    /// <param name="progress">Receives bytes and files done of the totals, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the verification.</param>
    /// <returns>The report: refused entries, or one result per entry, then the extra files.</returns>
    /// <exception cref="DirectoryNotFoundException"><paramref name="root"/> is not a folder.</exception>
    /// <exception cref="OperationCanceledException">The verification was cancelled.</exception>
    public async Task<VerificationReport> VerifyAsync(
        ChecksumManifest manifest,
        string root,
        VerificationScope scope,
        IProgress<VerificationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(scope.AllowedUnlisted);
        var fullRoot = Path.GetFullPath(root);
        if (!Directory.Exists(fullRoot))
        {
            throw new DirectoryNotFoundException($"The root folder '{root}' does not exist.");
        }

        var started = _timeProvider.GetTimestamp();
        var problems = ManifestPathPolicy.FindProblems(manifest, fullRoot, _options.RefuseWeakAlgorithms, _options.Parallelism, cancellationToken);
        if (!problems.IsEmpty)
        {
            return new VerificationReport { Root = fullRoot, Entries = [], Refused = problems, Elapsed = _timeProvider.GetElapsedTime(started) };
        }

        cancellationToken.ThrowIfCancellationRequested();
        var entries = manifest.Entries;

        // What the stat pass finds is kept in plain arrays: each entry's EntryResult is built once, at the end.
        var statuses = new EntryStatus[entries.Length];
        var reasons = new string?[entries.Length];
        var lengths = new long[entries.Length];
        var relatives = new string[entries.Length];
        var listed = scope.ReportExtra ? new HashSet<string>(entries.Length + scope.AllowedUnlisted.Count, StringComparer.Ordinal) : null;
        for (var i = 0; i < entries.Length; i++)
        {
            ManifestPathPolicy.TryCheckLexically(entries[i].Path, out relatives[i], out _, out _);
            listed?.Add(relatives[i]);
        }

        foreach (var allowed in scope.AllowedUnlisted)
        {
            if (listed is not null && allowed is not null && ManifestPathPolicy.TryCheckLexically(allowed, out var normalized, out _, out _))
            {
                listed.Add(normalized);
            }
        }

        // One stat per file, spread over the workers: on trees of small files this is a good part of the work.
        // Every file is looked at and opened from this one handle, never through a link (SwRel.IO.ConfinedRoot).
        using var confined = ConfinedRoot.Open(fullRoot);
        Parallel.For(0, entries.Length, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken }, i =>
        {
            statuses[i] = Inspect(entries[i], confined, relatives[i], out lengths[i], out reasons[i]);
        });

        var jobs = new List<FileHashJob>(entries.Length);
        var jobOf = new FileHashJob?[entries.Length];
        long totalBytes = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            if (statuses[i] == EntryStatus.Ok)
            {
                var algorithm = entries[i].StrongestAlgorithm;
                var job = new FileHashJob(relatives[i], algorithm, lengths[i], entries[i].StrongestHash);
                jobs.Add(job);
                jobOf[i] = job;
                totalBytes += lengths[i];
            }
        }

        var counter = new ProgressCounter(progress, totalBytes, entries.Length);
        for (var i = 0; i < entries.Length - jobs.Count; i++)
        {
            counter.FileDone();
        }

        await ParallelFileHasher.RunAsync(confined, jobs, _options.Parallelism, _options.BufferSize, counter, cancellationToken).ConfigureAwait(false);
        jobs.Clear();

        var builder = ImmutableArray.CreateBuilder<EntryResult>(entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            builder.Add(Result(entries[i], statuses[i], lengths[i], reasons[i], jobOf[i]));
            jobOf[i] = null;
        }

        if (listed is not null)
        {
            foreach (var extra in FindExtra(fullRoot, listed, cancellationToken))
            {
                builder.Add(extra);
            }
        }

        counter.ReportNow();
        return new VerificationReport
        {
            Root = fullRoot,
            Entries = builder.Count == builder.Capacity ? builder.MoveToImmutable() : builder.ToImmutable(),
            BytesHashed = counter.BytesDone,
            Elapsed = _timeProvider.GetElapsedTime(started),
        };
    }

    /// <summary>
    /// Looks at a file without opening it: <see cref="EntryStatus.Ok"/> means "hash it"; <paramref name="length"/> is
    /// the file's size when it exists.
    /// </summary>
    private static EntryStatus Inspect(ChecksumEntry entry, ConfinedRoot root, string relative, out long length, out string? reason)
    {
        try
        {
            switch (FileProbe.Inspect(root, relative, out length, out reason))
            {
                case EntryKind.Missing:
                    length = -1;
                    return EntryStatus.Missing;
                case EntryKind.Directory or EntryKind.SymbolicLink or EntryKind.Other:
                    length = -1;
                    return EntryStatus.Unreadable;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            length = -1;
            reason = e.Message;
            return EntryStatus.Unreadable;
        }

        return entry.Size is { } size && size != length ? EntryStatus.SizeMismatch : EntryStatus.Ok;
    }

    /// <summary>
    /// Builds an entry's one <see cref="EntryResult"/> from what the stat pass (<c>length</c> is -1 when it found no
    /// readable file) and the hashing pass found.
    /// </summary>
    private static EntryResult Result(ChecksumEntry entry, EntryStatus status, long length, string? reason, FileHashJob? job)
    {
        var algorithm = entry.StrongestAlgorithm;
        var expected = entry.StrongestHash;
        long? actualSize = length >= 0 ? length : null;
        string? actual = null;
        if (job is not null)
        {
            (status, actualSize, actual, reason) = job.Error switch
            {
                FileNotFoundException or DirectoryNotFoundException => (EntryStatus.Missing, (long?)null, (string?)null, (string?)null),
                { } error => (EntryStatus.Unreadable, actualSize, null, error.Message),
                null when entry.Size is { } size && size != job.BytesRead => (EntryStatus.SizeMismatch, job.BytesRead, job.Hex, null),
                null when job.Hex != expected => (EntryStatus.Mismatch, job.BytesRead, job.Hex, null),
                null => (EntryStatus.Ok, job.BytesRead, job.Hex, null),
            };
        }

        return new EntryResult
        {
            Path = entry.Path,
            Status = status,
            Algorithm = algorithm,
            Expected = expected,
            Actual = actual,
            ExpectedSize = entry.Size,
            ActualSize = actualSize,
            Reason = reason,
        };
    }

    private static List<EntryResult> FindExtra(string fullRoot, HashSet<string> listed, CancellationToken cancellationToken)
    {
        // Walk the tree as ManifestBuilder does, so that a manifest it wrote has no extras; links, FIFOs, sockets and
        // devices are in the tree too, and are reported as extra (with why) when not listed.
        var problems = ImmutableArray.CreateBuilder<ManifestEntryProblem>();
        var extra = new List<EntryResult>();
        foreach (var file in TreeWalker.ListFiles(fullRoot, problems, cancellationToken))
        {
            if (!listed.Contains(file.Relative))
            {
                extra.Add(new EntryResult { Path = file.Relative, Status = EntryStatus.Extra, ActualSize = file.Length });
            }
        }

        foreach (var problem in problems)
        {
            if (!listed.Contains(problem.Path))
            {
                extra.Add(new EntryResult { Path = problem.Path, Status = EntryStatus.Extra, Reason = problem.Message });
            }
        }

        extra.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return extra;
    }
}
