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

    /// <summary>Whether <paramref name="hex"/> is hexadecimal (any case) of <paramref name="algorithm"/>'s digest length.</summary>
    public static bool IsValid(ReadOnlySpan<char> hex, ChecksumAlgorithm algorithm) =>
        hex.Length == ChecksumAlgorithms.HashSizeInBytes(algorithm) * 2 && HexPrefixLength(hex) == hex.Length;

    public static int HexPrefixLength(ReadOnlySpan<char> text)
    {
        var i = 0;
        while (i < text.Length && char.IsAsciiHexDigit(text[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>Whether <paramref name="lowerHex"/> is the lower-case hexadecimal of <paramref name="digest"/>, without making a string.</summary>
    public static bool Matches(ReadOnlySpan<byte> digest, string lowerHex)
    {
        const string Digits = "0123456789abcdef";
        if (lowerHex.Length != digest.Length * 2)
        {
            return false;
        }

        for (var i = 0; i < digest.Length; i++)
        {
            if (lowerHex[2 * i] != Digits[digest[i] >> 4] || lowerHex[(2 * i) + 1] != Digits[digest[i] & 0xF])
            {
                return false;
            }
        }

        return true;
    }

#if NET9_0_OR_GREATER
    public static string ToHex(ReadOnlySpan<byte> digest) => Convert.ToHexStringLower(digest);
#else
    public static string ToHex(ReadOnlySpan<byte> digest) => Convert.ToHexString(digest).ToLowerInvariant();
#endif
}
