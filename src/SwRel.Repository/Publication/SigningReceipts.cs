using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using SwRel.IO;
using SwRel.Metadata.Checksums;

namespace SwRel.Repository.Publication;

/// <summary>
/// What the publisher records when it signs a package: for the signed file (named by its SHA-256), the size and hashes
/// the file had before it was signed, in <c>.swrel/signed/{sha256}.json</c> below the repository root.
/// </summary>
/// <remarks>
/// Signing changes a package, so a release that SwRel published no longer has the bytes its provider's manifest lists;
/// a receipt lets a re-run of the same intake recognise it (<see cref="PublishedRelease"/>). A receipt states a fact
/// about contents, not about a place, so it stays true wherever the signed file is promoted and is never removed.
/// </remarks>
internal static class SigningReceipts
{
    /// <summary>The folder of the receipts, relative to the repository root.</summary>
    public const string Folder = ".swrel/signed";

    private const int BufferSize = 1 << 16;

    /// <summary>Returns the root-relative path of the receipt of a signed file with the given SHA-256 (lower-case hex).</summary>
    public static string PathOf(string signedSha256) => Folder + "/" + signedSha256 + ".json";

    /// <summary>Returns a file's SHA-256 (lower-case hex).</summary>
    public static string Sha256(ConfinedRoot folder, string relative)
    {
        using var stream = new FileStream(folder.OpenRead(relative), FileAccess.Read, bufferSize: 0);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }

    /// <summary>Reads a file once and returns its SHA-256 and the receipt that records its size and every hash a manifest may use.</summary>
    public static (string Sha256, byte[] Receipt) Describe(ConfinedRoot folder, string relative)
    {
        var hashes = ChecksumAlgorithms.All.ToDictionary(a => a, a => IncrementalHash.CreateHash(Name(a)));
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long size = 0;
        try
        {
            using var stream = new FileStream(folder.OpenRead(relative), FileAccess.Read, bufferSize: 0);
            for (var read = stream.Read(buffer, 0, BufferSize); read > 0; read = stream.Read(buffer, 0, BufferSize))
            {
                size += read;
                foreach (var hash in hashes.Values)
                {
                    hash.AppendData(buffer, 0, read);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        using var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("size", size);
            foreach (var (algorithm, hash) in hashes)
            {
                writer.WriteString(ChecksumAlgorithms.ToName(algorithm), Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant());
                hash.Dispose();
            }

            writer.WriteEndObject();
        }

        var receipt = output.ToArray();
        using var document = JsonDocument.Parse(receipt);
        return (document.RootElement.GetProperty(ChecksumAlgorithms.ToName(ChecksumAlgorithm.Sha256)).GetString()!, receipt);
    }

    /// <summary>
    /// Gets whether the receipt of the signed file <paramref name="signedSha256"/> says that the file was signed from
    /// one with the size and every hash <paramref name="entry"/> lists.
    /// </summary>
    public static bool WasSignedFrom(ConfinedRoot repository, string signedSha256, ChecksumEntry entry)
    {
        var path = PathOf(signedSha256);
        if (repository.Stat(path, out var length) != EntryKind.File || length > 4096)
        {
            return false;
        }

        try
        {
            using var stream = new FileStream(repository.OpenRead(path), FileAccess.Read, bufferSize: 0);
            using var receipt = JsonDocument.Parse(stream);
            var root = receipt.RootElement;
            return (entry.Size is not { } size || (root.TryGetProperty("size", out var recorded) && recorded.TryGetInt64(out var was) && was == size))
                && entry.Hashes.All(listed => root.TryGetProperty(ChecksumAlgorithms.ToName(listed.Key), out var hash)
                    && string.Equals(hash.GetString(), listed.Value, StringComparison.OrdinalIgnoreCase));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static HashAlgorithmName Name(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Sha512 => HashAlgorithmName.SHA512,
        ChecksumAlgorithm.Sha384 => HashAlgorithmName.SHA384,
        ChecksumAlgorithm.Sha256 => HashAlgorithmName.SHA256,
        ChecksumAlgorithm.Sha1 => HashAlgorithmName.SHA1,
        _ => HashAlgorithmName.MD5,
    };
}
