using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using SwRel.IO;

namespace SwRel.Metadata.Checksums;

/// <summary>
/// Hashes files on a bounded number of workers, each streaming one file at a time through one pooled buffer.
/// </summary>
/// <remarks>
/// Memory is bounded by parallelism × buffer size. Each worker reuses one <see cref="IncrementalHash"/> per
/// algorithm. Reads are synchronous <see cref="RandomAccess"/> reads on a <see cref="FileOptions.SequentialScan"/>
/// handle: no <see cref="FileStream"/> buffering sits between the page cache and the hash. Each file is opened from a
/// handle on the root with <see cref="ConfinedRoot.OpenRead"/>, so a file swapped for a link, a FIFO or a device after
/// it was looked at is refused at open time, never read.
/// </remarks>
internal static class ParallelFileHasher
{
    public static async Task RunAsync(ConfinedRoot root, IReadOnlyList<FileHashJob> jobs, int parallelism, int bufferSize, ProgressCounter counter, CancellationToken cancellationToken)
    {
        if (jobs.Count == 0)
        {
            return;
        }

        // Largest first, so that one big file does not start last and leave the other workers idle.
        var order = new int[jobs.Count];
        var lengths = new long[jobs.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            lengths[i] = -jobs[i].ExpectedLength;
        }

        Array.Sort(lengths, order);

        var workers = Math.Min(parallelism, jobs.Count);
        var tasks = new Task[workers];
        var shared = new StrongBox<int>(-1);
        for (var w = 0; w < workers; w++)
        {
            tasks[w] = Task.Run(() => Work(root, jobs, order, ref shared.Value, bufferSize, counter, cancellationToken), cancellationToken);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private static void Work(ConfinedRoot root, IReadOnlyList<FileHashJob> jobs, int[] order, ref int next, int bufferSize, ProgressCounter counter, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        var hashes = new IncrementalHash?[ChecksumAlgorithms.All.Count];
        try
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < order.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var job = jobs[order[index]];
                var hash = hashes[(int)job.Algorithm] ??= IncrementalHash.CreateHash(ChecksumAlgorithms.ToHashAlgorithmName(job.Algorithm));
                try
                {
                    HashOne(root, job, hash, buffer.AsSpan(0, bufferSize), counter, cancellationToken);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    job.Error = e;

                    // Leave the hash ready for the next file.
                    hash.GetHashAndReset();
                }

                counter.FileDone();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            foreach (var hash in hashes)
            {
                hash?.Dispose();
            }
        }
    }

    private static void HashOne(ConfinedRoot root, FileHashJob job, IncrementalHash hash, Span<byte> buffer, ProgressCounter counter, CancellationToken cancellationToken)
    {
        using SafeFileHandle handle = root.OpenRead(job.Relative);
        long offset = 0;
        int read;
        while ((read = RandomAccess.Read(handle, buffer, offset)) > 0)
        {
            hash.AppendData(buffer[..read]);
            offset += read;
            counter.AddBytes(read);
            cancellationToken.ThrowIfCancellationRequested();
        }

        Span<byte> digest = stackalloc byte[64];
        var written = hash.GetHashAndReset(digest);
        job.BytesRead = offset;
        job.Hex = job.Expected is { } expected && HexDigest.Matches(digest[..written], expected) ? expected : HexDigest.ToHex(digest[..written]);
    }
}
