using System.Diagnostics.CodeAnalysis;

namespace SwRel.Metadata.Checksums;

/// <summary>Checks and normalises hexadecimal digests.</summary>
internal static class HexDigest
{
    public static bool TryNormalize(string? hex, ChecksumAlgorithm algorithm, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (hex is null || hex.Length != ChecksumAlgorithms.HashSizeInBytes(algorithm) * 2)
        {
            return false;
        }

        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        normalized = hex.ToLowerInvariant();
        return true;
    }

    public static int HexPrefixLength(ReadOnlySpan<char> text)
    {
        var i = 0;
        while (i < text.Length && char.IsAsciiHexDigit(text[i]))
        {
            i++;
        }

        return i;
    }

#if NET9_0_OR_GREATER
    public static string ToHex(ReadOnlySpan<byte> digest) => Convert.ToHexStringLower(digest);
#else
    public static string ToHex(ReadOnlySpan<byte> digest) => Convert.ToHexString(digest).ToLowerInvariant();
#endif
}
