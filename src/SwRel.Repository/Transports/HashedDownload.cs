using System.Buffers;
using System.Security.Cryptography;
using SwRel.IO;
using SwRel.Metadata.Checksums;

namespace SwRel.Repository.Transports;

/// <summary>
/// Writes one downloaded file below a destination and, when the checksum manifest lists it, hashes it as it arrives,
/// so that the file is verified without a second read.
/// </summary>
internal static class HashedDownload
{
    /// <summary>How a download in progress is named, at the top of the destination; one left by a killed run is deleted.</summary>
    public const string PartialPrefix = ".swrel-download-";

    private const int BufferSize = 128 * 1024;

    /// <summary>
    /// Streams <paramref name="input"/> to a fresh name at the top of <paramref name="destination"/>, then renames it
    /// to <paramref name="target"/> (replacing an older file): a partial download never carries the target's name.
    /// </summary>
    /// <returns>The bytes written and whether the file matched <paramref name="expected"/> (false when there is none).</returns>
    /// <exception cref="TransportException">The file does not match <paramref name="expected"/>; nothing is left under its name.</exception>
    public static async Task<(long Bytes, bool Verified)> SaveAsync(
        Stream input, ConfinedRoot destination, string target, ChecksumEntry? expected, string url, CancellationToken cancellationToken)
    {
        // Named at the top of the tree so that an entry called like another one's partial download cannot be overwritten.
        var partial = $"{PartialPrefix}{Guid.NewGuid():N}";
        using var hash = expected is null ? null : IncrementalHash.CreateHash(HashName(expected.StrongestAlgorithm));
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long bytes = 0;
        try
        {
            var output = new FileStream(destination.CreateNew(partial), FileAccess.Write, bufferSize: 0);
            await using (output.ConfigureAwait(false))
            {
                int read;
                while ((read = await input.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash?.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    bytes += read;
                }
            }

            if (expected is not null && Mismatch(expected, bytes, hash!) is { } why)
            {
                throw new TransportException(url, $"'{target}' from '{url}' does not match the checksum manifest: {why}.", null);
            }
        }
        catch
        {
            destination.DeleteFile(partial);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        destination.DeleteFile(target);
        destination.Rename(partial, target);
        return (bytes, expected is not null);
    }

    /// <summary>Whether a file already in place is complete and matches its manifest entry (read once, to resume a fetch).</summary>
    public static bool IsComplete(ConfinedRoot destination, string target, ChecksumEntry expected, CancellationToken cancellationToken)
    {
        if (destination.Stat(target, out var length) != EntryKind.File || (expected.Size is { } size && size != length))
        {
            return false;
        }

        using var hash = IncrementalHash.CreateHash(HashName(expected.StrongestAlgorithm));
        using var stream = new FileStream(destination.OpenRead(target), FileAccess.Read, bufferSize: 0);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = stream.Read(buffer, 0, BufferSize)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, read);
                total += read;
            }

            return Mismatch(expected, total, hash) is null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string? Mismatch(ChecksumEntry expected, long bytes, IncrementalHash hash)
    {
        if (expected.Size is { } size && size != bytes)
        {
            return $"size mismatch: expected {size} bytes, got {bytes}";
        }

        var actual = Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
        var wanted = expected.Hashes[expected.StrongestAlgorithm];
        return string.Equals(actual, wanted, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"checksum mismatch: expected {ChecksumAlgorithms.ToName(expected.StrongestAlgorithm)} {wanted}, got {actual}";
    }

    private static HashAlgorithmName HashName(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Sha512 => HashAlgorithmName.SHA512,
        ChecksumAlgorithm.Sha384 => HashAlgorithmName.SHA384,
        ChecksumAlgorithm.Sha256 => HashAlgorithmName.SHA256,
        ChecksumAlgorithm.Sha1 => HashAlgorithmName.SHA1,
        _ => HashAlgorithmName.MD5,
    };
}
