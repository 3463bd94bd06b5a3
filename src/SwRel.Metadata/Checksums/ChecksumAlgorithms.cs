using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace SwRel.Metadata.Checksums;

/// <summary>Names, sizes and strength of each <see cref="ChecksumAlgorithm"/>.</summary>
/// <remarks>All members are pure and thread-safe.</remarks>
public static class ChecksumAlgorithms
{
    /// <summary>Gets every supported algorithm, strongest first.</summary>
    public static IReadOnlyList<ChecksumAlgorithm> All { get; } =
        [ChecksumAlgorithm.Sha512, ChecksumAlgorithm.Sha384, ChecksumAlgorithm.Sha256, ChecksumAlgorithm.Sha1, ChecksumAlgorithm.Md5];

    /// <summary>Gets the Metalink 4 (IANA hash function textual name) spelling: <c>sha-256</c>, <c>md5</c>...</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>The lower-case name.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not defined.</exception>
    public static string ToName(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Sha512 => "sha-512",
        ChecksumAlgorithm.Sha384 => "sha-384",
        ChecksumAlgorithm.Sha256 => "sha-256",
        ChecksumAlgorithm.Sha1 => "sha-1",
        ChecksumAlgorithm.Md5 => "md5",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown checksum algorithm."),
    };

    /// <summary>Gets the BSD (<c>sha256sum --tag</c>) tag: <c>SHA256</c>, <c>MD5</c>...</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>The upper-case tag.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not defined.</exception>
    public static string ToBsdTag(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Sha512 => "SHA512",
        ChecksumAlgorithm.Sha384 => "SHA384",
        ChecksumAlgorithm.Sha256 => "SHA256",
        ChecksumAlgorithm.Sha1 => "SHA1",
        ChecksumAlgorithm.Md5 => "MD5",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown checksum algorithm."),
    };

    /// <summary>Reads an algorithm name in any usual spelling, ignoring case and dashes: <c>sha-256</c>, <c>SHA256</c>, <c>sha256</c>, <c>md5</c>.</summary>
    /// <param name="text">The name.</param>
    /// <param name="algorithm">The algorithm when the name is known.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out ChecksumAlgorithm algorithm)
    {
        algorithm = default;
        if (text is null)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[8];
        var length = 0;
        foreach (var c in text.AsSpan().Trim())
        {
            if (c is '-' or '_')
            {
                continue;
            }

            if (length == buffer.Length)
            {
                return false;
            }

            buffer[length++] = char.ToLowerInvariant(c);
        }

        switch (buffer[..length])
        {
            case "sha512": algorithm = ChecksumAlgorithm.Sha512; return true;
            case "sha384": algorithm = ChecksumAlgorithm.Sha384; return true;
            case "sha256": algorithm = ChecksumAlgorithm.Sha256; return true;
            case "sha1": algorithm = ChecksumAlgorithm.Sha1; return true;
            case "md5": algorithm = ChecksumAlgorithm.Md5; return true;
            default: return false;
        }
    }

    /// <summary>Reads an algorithm name; see <see cref="TryParse"/>.</summary>
    /// <param name="text">The name.</param>
    /// <returns>The algorithm.</returns>
    /// <exception cref="FormatException">The name is not a supported algorithm.</exception>
    public static ChecksumAlgorithm Parse(string text) =>
        TryParse(text, out var algorithm)
            ? algorithm
            : throw new FormatException($"Unknown checksum algorithm '{text}'; expected one of sha-256, sha-384, sha-512, sha-1, md5.");

    /// <summary>Gets whether the algorithm is weak (SHA-1 and MD5): reported, and refused when <see cref="VerifierOptions.RefuseWeakAlgorithms"/> is set.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns><see langword="true"/> for SHA-1 and MD5.</returns>
    public static bool IsWeak(ChecksumAlgorithm algorithm) => algorithm is ChecksumAlgorithm.Sha1 or ChecksumAlgorithm.Md5;

    /// <summary>Gets the length of a digest in bytes.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>64, 48, 32, 20 or 16.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not defined.</exception>
    public static int HashSizeInBytes(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Sha512 => 64,
        ChecksumAlgorithm.Sha384 => 48,
        ChecksumAlgorithm.Sha256 => 32,
        ChecksumAlgorithm.Sha1 => 20,
        ChecksumAlgorithm.Md5 => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown checksum algorithm."),
    };

    /// <summary>Finds the algorithm whose hexadecimal digest has the given length (the coreutils text form carries no name).</summary>
    /// <param name="hexLength">The number of hexadecimal digits.</param>
    /// <param name="algorithm">The algorithm when one matches.</param>
    /// <returns>Whether an algorithm has digests of that length.</returns>
    public static bool TryFromHexLength(int hexLength, out ChecksumAlgorithm algorithm)
    {
        foreach (var candidate in All)
        {
            if (HashSizeInBytes(candidate) * 2 == hexLength)
            {
                algorithm = candidate;
                return true;
            }
        }

        algorithm = default;
        return false;
    }

    internal static HashAlgorithmName ToHashAlgorithmName(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Sha512 => HashAlgorithmName.SHA512,
        ChecksumAlgorithm.Sha384 => HashAlgorithmName.SHA384,
        ChecksumAlgorithm.Sha256 => HashAlgorithmName.SHA256,
        ChecksumAlgorithm.Sha1 => HashAlgorithmName.SHA1,
        ChecksumAlgorithm.Md5 => HashAlgorithmName.MD5,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown checksum algorithm."),
    };
}
