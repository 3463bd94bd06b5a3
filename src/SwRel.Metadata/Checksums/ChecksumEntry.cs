using System.Buffers.Binary;
using System.Collections.Immutable;

namespace SwRel.Metadata.Checksums;

/// <summary>One file a checksum manifest lists: its relative path, its size when known, and one hash per algorithm.</summary>
/// <remarks>
/// Hashes are given and returned as lower-case hexadecimal; the one the verifier checks is kept as bytes inside the
/// entry (a fifth of the memory of its text, for manifests of millions of entries). The path is kept exactly as the manifest spells it: whether it is
/// safe to open (relative, no <c>..</c>, no control characters, not repeated, not escaping through a link) is
/// decided by <see cref="ManifestPathPolicy"/> before verification, so that a reader can report every bad entry.
/// Instances are immutable and thread-safe.
/// </remarks>
public sealed class ChecksumEntry
{
    // The strongest digest: its first 32 bytes big-endian in four fields, the rest (SHA-384, SHA-512) in an array.
    private readonly ulong _digest0;
    private readonly ulong _digest1;
    private readonly ulong _digest2;
    private readonly ulong _digest3;
    private readonly byte[]? _digestRest;
    private readonly long _size;
    private ImmutableSortedDictionary<ChecksumAlgorithm, string>? _hashes;

    /// <summary>Creates an entry.</summary>
    /// <param name="path">The path relative to the manifest's root, with <c>/</c> separators.</param>
    /// <param name="size">The size in bytes, or <see langword="null"/> when the manifest does not say.</param>
    /// <param name="hashes">At least one hash, as hexadecimal of the algorithm's digest length (any case).</param>
    /// <param name="line">The 1-based line the entry was read from, or 0 when it was not read from a file.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="hashes"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A hash is not hexadecimal of the right length, no hash is given, or the size is negative.</exception>
    public ChecksumEntry(string path, long? size, IEnumerable<KeyValuePair<ChecksumAlgorithm, string>> hashes, int line = 0)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(hashes);
        if (size < 0)
        {
            throw new ArgumentException("The size must not be negative.", nameof(size));
        }

        // Nearly every entry has one hash: keep it as a field and make the dictionary only when someone asks for it.
        ChecksumAlgorithm firstAlgorithm = default;
        string? firstHex = null;
        ImmutableSortedDictionary<ChecksumAlgorithm, string>.Builder? builder = null;
        foreach (var (algorithm, hex) in hashes)
        {
            if (!HexDigest.TryNormalize(hex, algorithm, out var normalized))
            {
                throw new ArgumentException(
                    $"The {ChecksumAlgorithms.ToName(algorithm)} hash of '{path}' must be {ChecksumAlgorithms.HashSizeInBytes(algorithm) * 2} hexadecimal digits.",
                    nameof(hashes));
            }

            if (firstHex is null || (builder is null && algorithm == firstAlgorithm))
            {
                (firstAlgorithm, firstHex) = (algorithm, normalized);
                continue;
            }

            if (builder is null)
            {
                builder = ImmutableSortedDictionary.CreateBuilder<ChecksumAlgorithm, string>();
                builder[firstAlgorithm] = firstHex;
            }

            builder[algorithm] = normalized;
        }

        if (firstHex is null)
        {
            throw new ArgumentException($"The entry '{path}' has no hash.", nameof(hashes));
        }

        Path = path;
        _size = size ?? -1;
        if (builder is null)
        {
            StrongestAlgorithm = firstAlgorithm;
        }
        else
        {
            _hashes = builder.ToImmutable();
            StrongestAlgorithm = _hashes.Keys.First();
            firstHex = _hashes[StrongestAlgorithm];
        }

        (_digest0, _digest1, _digest2, _digest3, _digestRest) = Decode(firstHex);
        Line = line;
    }

    /// <summary>
    /// Creates an entry with one hash from the manifest reader, which has already checked that
    /// <paramref name="hex"/> is hexadecimal of the algorithm's length: the digest goes from the manifest's text
    /// straight to bytes, with no string of its own.
    /// </summary>
    internal ChecksumEntry(string path, ChecksumAlgorithm algorithm, ReadOnlySpan<char> hex, int line)
    {
        Path = path;
        _size = -1;
        StrongestAlgorithm = algorithm;
        (_digest0, _digest1, _digest2, _digest3, _digestRest) = Decode(hex);
        Line = line;
    }

    /// <summary>Gets the path relative to the manifest's root, as the manifest spells it.</summary>
    public string Path { get; }

    /// <summary>Gets the size in bytes, or <see langword="null"/> when the manifest does not say.</summary>
    public long? Size => _size >= 0 ? _size : null;

    /// <summary>Gets the hashes (lower-case hexadecimal), ordered strongest first; never empty.</summary>
    /// <remarks>An entry with one hash makes this dictionary on first use (safely from any thread).</remarks>
    public ImmutableSortedDictionary<ChecksumAlgorithm, string> Hashes =>
        Volatile.Read(ref _hashes) ?? Interlocked.CompareExchange(ref _hashes, ImmutableSortedDictionary<ChecksumAlgorithm, string>.Empty.Add(StrongestAlgorithm, StrongestHash), null) ?? _hashes;

    /// <summary>Gets the 1-based line the entry was read from, or 0 when it was not read from a file.</summary>
    public int Line { get; }

    /// <summary>Gets the strongest algorithm the entry carries: the one the verifier checks.</summary>
    public ChecksumAlgorithm StrongestAlgorithm { get; }

    /// <summary>Gets the hash of <see cref="StrongestAlgorithm"/> as lower-case hexadecimal (a new string each time), without making <see cref="Hashes"/>.</summary>
    internal string StrongestHash
    {
        get
        {
            Span<byte> digest = stackalloc byte[64];
            return HexDigest.ToHex(digest[..WriteStrongestDigest(digest)]);
        }
    }

    /// <summary>Gets whether <paramref name="digest"/> is the hash of <see cref="StrongestAlgorithm"/>.</summary>
    internal bool IsStrongestDigest(ReadOnlySpan<byte> digest)
    {
        Span<byte> expected = stackalloc byte[64];
        return digest.SequenceEqual(expected[..WriteStrongestDigest(expected)]);
    }

    /// <summary>Writes the hash of <see cref="StrongestAlgorithm"/> into a buffer of at least 64 bytes and returns its length.</summary>
    private int WriteStrongestDigest(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _digest0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _digest1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _digest2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _digest3);
        _digestRest?.CopyTo(destination[32..]);
        return ChecksumAlgorithms.HashSizeInBytes(StrongestAlgorithm);
    }

    /// <summary>The digest of checked hexadecimal (any case): its first 32 bytes big-endian in four fields, the rest in an array.</summary>
    private static (ulong, ulong, ulong, ulong, byte[]?) Decode(ReadOnlySpan<char> hex)
    {
        Span<byte> digest = stackalloc byte[64];
        digest.Clear();
        var length = hex.Length / 2;
#if NET9_0_OR_GREATER
        Convert.FromHexString(hex, digest, out _, out _);
#else
        Convert.FromHexString(hex).CopyTo(digest);
#endif
        return (
            BinaryPrimitives.ReadUInt64BigEndian(digest),
            BinaryPrimitives.ReadUInt64BigEndian(digest[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(digest[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(digest[24..]),
            length > 32 ? digest[32..length].ToArray() : null);
    }

    /// <summary>Creates an entry with one hash.</summary>
    /// <param name="path">The relative path.</param>
    /// <param name="size">The size in bytes, or <see langword="null"/>.</param>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="hex">The digest in hexadecimal.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ArgumentException">The digest is not hexadecimal of the right length.</exception>
    public static ChecksumEntry Create(string path, long? size, ChecksumAlgorithm algorithm, string hex) =>
        new(path, size, [new KeyValuePair<ChecksumAlgorithm, string>(algorithm, hex)]);

    /// <inheritdoc/>
    public override string ToString() => $"{ChecksumAlgorithms.ToName(StrongestAlgorithm)}:{StrongestHash}  {Path}";
}
