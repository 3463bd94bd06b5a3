using System.Collections.Immutable;

using SwRel.IO;

namespace SwRel.Metadata.Checksums;

/// <summary>Creates a manifest for a directory tree: every regular file, with its size and hash, sorted by relative <c>/</c> path.</summary>
/// <remarks>
/// <para>Files are hashed like <see cref="ChecksumVerifier"/> does: streamed once, on
/// <see cref="VerifierOptions.Parallelism"/> workers with one <see cref="VerifierOptions.BufferSize"/> buffer each
/// (the other options are ignored). Hidden files are included.</para>
/// <para>SwRel never reads through a symbolic link: a link anywhere in the tree (to a file or a folder, inside the
/// tree or not), a FIFO, socket or device, and a name holding a control character make the build fail with
/// <see cref="ManifestBuildException"/> naming every such file, rather than produce a manifest that leaves them out
/// or that the verifier would refuse. So does a tree with no file at all: an empty manifest vouches for nothing.
/// Thread-safe: the type has no state.</para>
/// </remarks>
public static class ManifestBuilder
{
    /// <summary>Hashes every file under <paramref name="directory"/> and returns the manifest (format <see cref="ManifestFormat.Metalink4"/>).</summary>
    /// <param name="directory">The root of the tree.</param>
    /// <param name="algorithm">The hash algorithm; SHA-256 is the usual choice.</param>
    /// <param name="options">Parallelism and buffer size, or <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives bytes and files done of the totals, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the build.</param>
    /// <returns>The manifest, entries sorted by path (ordinal).</returns>
    /// <exception cref="DirectoryNotFoundException"><paramref name="directory"/> is not a folder.</exception>
    /// <exception cref="ManifestBuildException">Some files cannot be listed safely, or the tree holds no file.</exception>
    /// <exception cref="IOException">A file could not be read.</exception>
    /// <exception cref="UnauthorizedAccessException">A file may not be read.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    /// <exception cref="OperationCanceledException">The build was cancelled.</exception>
    public static async Task<ChecksumManifest> CreateAsync(
        string directory,
        ChecksumAlgorithm algorithm = ChecksumAlgorithm.Sha256,
        VerifierOptions? options = null,
        IProgress<VerificationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        options ??= new VerifierOptions();
        options.Validate();
        var fullRoot = Path.GetFullPath(directory);
        if (!Directory.Exists(fullRoot))
        {
            throw new DirectoryNotFoundException($"The folder '{directory}' does not exist.");
        }

        var problems = ImmutableArray.CreateBuilder<ManifestEntryProblem>();
        var files = new List<TreeFile>();
        foreach (var file in TreeWalker.ListFiles(fullRoot, problems, cancellationToken))
        {
            if (!ManifestPathPolicy.TryCheckLexically(file.Relative, out _, out var kind, out var message))
            {
                problems.Add(new ManifestEntryProblem(file.Relative, 0, kind, message));
                continue;
            }

            files.Add(file);
        }

        if (problems.Count > 0)
        {
            problems.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            throw new ManifestBuildException(problems.ToImmutable());
        }

        if (files.Count == 0)
        {
            throw new ManifestBuildException($"The folder '{fullRoot}' holds no file, so there is nothing to list; an empty manifest would vouch for nothing.");
        }

        var jobs = new List<FileHashJob>(files.Count);
        long totalBytes = 0;
        foreach (var file in files)
        {
            jobs.Add(new FileHashJob(file.Relative, algorithm, file.Length));
            totalBytes += file.Length;
        }

        var counter = new ProgressCounter(progress, totalBytes, files.Count);
        using var confined = ConfinedRoot.Open(fullRoot);
        await ParallelFileHasher.RunAsync(confined, jobs, options.Parallelism, options.BufferSize, counter, cancellationToken).ConfigureAwait(false);
        counter.ReportNow();

        var entries = ImmutableArray.CreateBuilder<ChecksumEntry>(files.Count);
        for (var i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            if (job.Error is not null)
            {
                throw job.Error is UnauthorizedAccessException denied
                    ? new UnauthorizedAccessException($"Cannot read '{files[i].Relative}': {denied.Message}", denied)
                    : new IOException($"Cannot read '{files[i].Relative}': {job.Error.Message}", job.Error);
            }

            entries.Add(ChecksumEntry.Create(files[i].Relative, job.BytesRead, algorithm, job.Hex!));
        }

        return new ChecksumManifest(ManifestFormat.Metalink4, entries.MoveToImmutable());
    }
}
