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
    /// <remarks>The report holds every result until it is returned; to write results as they are produced, use <see cref="VerifyStreamingAsync"/>.</remarks>
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
        var results = new EntryResult?[manifest.Entries.Length];
        var extra = new List<EntryResult>();
        var summary = await RunAsync(manifest, root, scope, (index, result) =>
        {
            if (index >= 0)
            {
                results[index] = result;
            }
            else
            {
                extra.Add(result);
            }
        }, progress, cancellationToken).ConfigureAwait(false);

        var entries = ImmutableArray<EntryResult>.Empty;
        if (!summary.IsRefused)
        {
            var builder = ImmutableArray.CreateBuilder<EntryResult>(results.Length + extra.Count);
            foreach (var result in results)
            {
                builder.Add(result!);
            }

            builder.AddRange(extra);
            entries = builder.MoveToImmutable();
        }

        return new VerificationReport
        {
            Root = summary.Root,
            Entries = entries,
            Refused = summary.Refused,
            BytesHashed = summary.BytesHashed,
            Elapsed = summary.Elapsed,
        };
    }

    /// <summary>
    /// Verifies the files under <paramref name="root"/> against the manifest and hands each result to
    /// <paramref name="onResult"/> as soon as it is produced, keeping none: memory does not grow with the results.
    /// </summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="root">The folder the manifest's paths are relative to.</param>
    /// <param name="scope">Whether unlisted files are reported, and which may stay unlisted (the manifest file itself); read once, here.</param>
    /// <param name="onResult">Receives every result: one per manifest entry, in the order they finish, then the extra files sorted by path.</param>
    /// <param name="progress">Receives bytes and files done of the totals, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the verification.</param>
    /// <returns>The totals, and the refused entries when the manifest was refused (then <paramref name="onResult"/> is never called).</returns>
    /// <remarks>
    /// <para><paramref name="onResult"/> is called from the worker threads, one call at a time (never two at once), so
    /// it needs no lock of its own; while it runs, the worker that made the result waits, so keep it short (write a
    /// line, add to a buffer). An exception it throws stops the verification and is thrown from here.</para>
    /// <para>Entries are taken in manifest order, except that files stated (or, with a progress reporter, found) to
    /// be 1 MiB or more start first, largest first, so that one large file does not start last. Without a progress
    /// reporter each file is looked at once, just before it is opened; with one, every file is first looked at to
    /// find the totals.</para>
    /// </remarks>
    /// <exception cref="DirectoryNotFoundException"><paramref name="root"/> is not a folder.</exception>
    /// <exception cref="OperationCanceledException">The verification was cancelled.</exception>
    public Task<VerificationSummary> VerifyStreamingAsync(
        ChecksumManifest manifest,
        string root,
        VerificationScope scope,
        Action<EntryResult> onResult,
        IProgress<VerificationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onResult);
        return RunAsync(manifest, root, scope, (_, result) => onResult(result), progress, cancellationToken);
    }

    /// <summary>Verifies, handing over each result with its entry's index (-1 for an extra file) as it is produced.</summary>
    private async Task<VerificationSummary> RunAsync(
        ChecksumManifest manifest,
        string root,
        VerificationScope scope,
        Action<int, EntryResult> onResult,
        IProgress<VerificationProgress>? progress,
        CancellationToken cancellationToken)
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
        var counts = new int[Enum.GetValues<EntryStatus>().Length];
        var problems = ManifestPathPolicy.FindProblems(manifest, fullRoot, _options.RefuseWeakAlgorithms, _options.Parallelism, cancellationToken);
        if (!problems.IsEmpty)
        {
            return new VerificationSummary(fullRoot, problems, [.. counts], 0, _timeProvider.GetElapsedTime(started));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var entries = manifest.Entries;

        // Every file is looked at and opened from this one handle, never through a link (SwRel.IO.ConfinedRoot).
        using var confined = ConfinedRoot.Open(fullRoot);
        var (order, totalBytes) = Plan(entries, confined, progress is not null, cancellationToken);
        var counter = new ProgressCounter(progress, totalBytes, entries.Length);
        var gate = new object();
        var next = -1;
        void Emit(int index, EntryResult result)
        {
            lock (gate)
            {
                counts[(int)result.Status]++;
                onResult(index, result);
            }
        }

        void Work()
        {
            using var checker = new EntryChecker(confined, _options.BufferSize, counter);
            int taken;
            while ((taken = Interlocked.Increment(ref next)) < entries.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var index = order is null ? taken : order[taken];
                Emit(index, checker.Check(entries[index], cancellationToken));
                counter.FileDone();
            }
        }

        var workers = new Task[Math.Max(1, Math.Min(_options.Parallelism, entries.Length))];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(Work, cancellationToken);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);

        if (scope.ReportExtra)
        {
            foreach (var extra in FindExtra(fullRoot, Listed(entries, scope), cancellationToken))
            {
                Emit(-1, extra);
            }
        }

        counter.ReportNow();
        return new VerificationSummary(fullRoot, [], [.. counts], counter.BytesDone, _timeProvider.GetElapsedTime(started));
    }

    /// <summary>
    /// Which entry to take when (<see langword="null"/>: manifest order), and the bytes to hash for the progress
    /// reports. Only files of 1 MiB or more are moved ahead, largest first: reordering small files gains nothing and
    /// would scatter the entries of one folder. Sizes come from the manifest, or, with a progress reporter, from
    /// looking at each file first: the totals are then those of the files found.
    /// </summary>
    private (int[]? Order, long TotalBytes) Plan(ImmutableArray<ChecksumEntry> entries, ConfinedRoot confined, bool needTotals, CancellationToken cancellationToken)
    {
        const long LargeFile = 1024 * 1024;
        long[]? found = null;
        if (needTotals)
        {
            var lengths = new long[entries.Length];
            Parallel.For(0, entries.Length, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken }, i =>
            {
                ManifestPathPolicy.TryCheckLexically(entries[i].Path, out var relative, out _, out _);
                try
                {
                    lengths[i] = FileProbe.Inspect(confined, relative, out var length, out _) == EntryKind.File ? length : 0;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    lengths[i] = 0;
                }
            });
            found = lengths;
        }

        long total = 0;
        var large = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            var size = found?[i] ?? entries[i].Size ?? 0;
            total += size;
            large += size >= LargeFile ? 1 : 0;
        }

        if (large == 0)
        {
            return (null, total);
        }

        var order = new int[entries.Length];
        var keys = new long[large];
        var first = new int[large];
        int l = 0, s = large;
        for (var i = 0; i < entries.Length; i++)
        {
            var size = found?[i] ?? entries[i].Size ?? 0;
            if (size >= LargeFile)
            {
                keys[l] = -size;
                first[l++] = i;
            }
            else
            {
                order[s++] = i;
            }
        }

        Array.Sort(keys, first);
        first.CopyTo(order, 0);
        return (order, total);
    }

    private static HashSet<string> Listed(ImmutableArray<ChecksumEntry> entries, VerificationScope scope)
    {
        var listed = new HashSet<string>(entries.Length + scope.AllowedUnlisted.Count, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            ManifestPathPolicy.TryCheckLexically(entry.Path, out var normalized, out _, out _);
            listed.Add(normalized);
        }

        foreach (var allowed in scope.AllowedUnlisted)
        {
            if (allowed is not null && ManifestPathPolicy.TryCheckLexically(allowed, out var normalized, out _, out _))
            {
                listed.Add(normalized);
            }
        }

        return listed;
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
