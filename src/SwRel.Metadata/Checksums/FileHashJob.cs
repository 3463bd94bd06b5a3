namespace SwRel.Metadata.Checksums;

/// <summary>One file to hash, and what hashing it found.</summary>
/// <param name="relative">The file, '/'-separated below the root it is opened from (never through a link).</param>
/// <param name="algorithm">The algorithm.</param>
/// <param name="expectedLength">The size seen before hashing.</param>
/// <param name="expected">The expected digest (lower-case hexadecimal), or <see langword="null"/>: when the file's digest
/// equals it, <see cref="Hex"/> is this very string and no new one is made.</param>
internal sealed class FileHashJob(string relative, ChecksumAlgorithm algorithm, long expectedLength, string? expected = null)
{
    public string Relative { get; } = relative;

    public ChecksumAlgorithm Algorithm { get; } = algorithm;

    /// <summary>The size seen before hashing: used to start large files first.</summary>
    public long ExpectedLength { get; } = expectedLength;

    public string? Expected { get; } = expected;

    public string? Hex { get; set; }

    public long BytesRead { get; set; }

    public Exception? Error { get; set; }
}
