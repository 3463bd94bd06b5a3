using System.Collections.Immutable;

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

    /// <summary>Verifies the files under <paramref name="root"/> against the manifest.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="root">The folder the manifest's paths are relative to.</param>
    /// <param name="progress">Receives bytes and files done of the totals, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the verification.</param>
    /// <returns>The report: refused entries, or one result per entry.</returns>
    /// <exception cref="DirectoryNotFoundException"><paramref name="root"/> is not a folder.</exception>
    /// <exception cref="OperationCanceledException">The verification was cancelled.</exception>
    public async Task<VerificationReport> VerifyAsync(
        ChecksumManifest manifest,
        string root,
        IProgress<VerificationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(root);
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
        var results = new EntryResult?[entries.Length];
        var lengths = new long[entries.Length];
        var fullPaths = new string[entries.Length];
        var listed = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Length; i++)
        {
            ManifestPathPolicy.TryCheckLexically(entries[i].Path, out var normalized, out _, out _);
            listed.Add(normalized);
            fullPaths[i] = Path.Combine(fullRoot, normalized.Replace('/', Path.DirectorySeparatorChar));
        }

        // One stat per file, spread over the workers: on trees of small files this is a good part of the work.
        Parallel.For(0, entries.Length, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken }, i =>
        {
            results[i] = Inspect(entries[i], fullPaths[i], out lengths[i]);
        });

        var jobs = new List<FileHashJob>(entries.Length);
        var jobEntry = new List<int>(entries.Length);
        long totalBytes = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            if (results[i]!.Status == EntryStatus.Ok)
            {
                jobs.Add(new FileHashJob(fullPaths[i], results[i]!.Algorithm!.Value, lengths[i]));
                jobEntry.Add(i);
                totalBytes += lengths[i];
            }
        }

        var counter = new ProgressCounter(progress, totalBytes, entries.Length);
        for (var i = 0; i < entries.Length - jobs.Count; i++)
        {
            counter.FileDone();
        }

        await ParallelFileHasher.RunAsync(jobs, _options.Parallelism, _options.BufferSize, counter, cancellationToken).ConfigureAwait(false);

        for (var j = 0; j < jobs.Count; j++)
        {
            var job = jobs[j];
            var i = jobEntry[j];
            var result = results[i]!;
            results[i] = job.Error switch
            {
                FileNotFoundException or DirectoryNotFoundException => result with { Status = EntryStatus.Missing, ActualSize = null },
                { } error => result with { Status = EntryStatus.Unreadable, Reason = error.Message },
                null when entries[i].Size is { } size && size != job.BytesRead => result with { Status = EntryStatus.SizeMismatch, ActualSize = job.BytesRead, Actual = job.Hex },
                null when job.Hex != result.Expected => result with { Status = EntryStatus.Mismatch, Actual = job.Hex, ActualSize = job.BytesRead },
                null => result with { Actual = job.Hex, ActualSize = job.BytesRead },
            };
        }

        var builder = ImmutableArray.CreateBuilder<EntryResult>(entries.Length);
        foreach (var result in results)
        {
            builder.Add(result!);
        }

        if (_options.ReportExtra)
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
            Entries = builder.ToImmutable(),
            BytesHashed = counter.BytesDone,
            Elapsed = _timeProvider.GetElapsedTime(started),
        };
    }

    /// <summary>Looks at a file without opening it: an <see cref="EntryStatus.Ok"/> result means "hash it".</summary>
    private static EntryResult Inspect(ChecksumEntry entry, string full, out long length)
    {
        length = 0;
        var algorithm = entry.StrongestAlgorithm;
        var result = new EntryResult { Path = entry.Path, Status = EntryStatus.Ok, Algorithm = algorithm, Expected = entry.Hashes[algorithm], ExpectedSize = entry.Size };
        try
        {
            switch (FileProbe.Inspect(full, out length))
            {
                case FileProbe.Kind.Missing:
                    return result with { Status = EntryStatus.Missing };
                case FileProbe.Kind.Directory:
                    return result with { Status = EntryStatus.Unreadable, Reason = "it is a directory." };
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return result with { Status = EntryStatus.Unreadable, Reason = e.Message };
        }

        return entry.Size is { } size && size != length
            ? result with { Status = EntryStatus.SizeMismatch, ActualSize = length }
            : result with { ActualSize = length };
    }

    private static List<EntryResult> FindExtra(string fullRoot, HashSet<string> listed, CancellationToken cancellationToken)
    {
        // Walk the tree as ManifestBuilder does, so that a manifest it wrote has no extras; links leading out of
        // the tree are files in the tree too, and are reported as extra when not listed.
        var problems = ImmutableArray.CreateBuilder<ManifestEntryProblem>();
        var extra = new List<EntryResult>();
        foreach (var (relative, file) in TreeWalker.ListFiles(fullRoot, problems, cancellationToken))
        {
            if (!listed.Contains(relative))
            {
                long? size = null;
                try
                {
                    size = FileProbe.Inspect(file, out var length) == FileProbe.Kind.File ? length : null;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }

                extra.Add(new EntryResult { Path = relative, Status = EntryStatus.Extra, ActualSize = size });
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
