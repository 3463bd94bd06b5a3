namespace SwRel.Metadata.Checksums;

/// <summary>One file to hash, and what hashing it found.</summary>
internal sealed class FileHashJob(string fullPath, ChecksumAlgorithm algorithm, long expectedLength)
{
    public string FullPath { get; } = fullPath;

    public ChecksumAlgorithm Algorithm { get; } = algorithm;

    /// <summary>The size seen before hashing: used to start large files first.</summary>
    public long ExpectedLength { get; } = expectedLength;

    public string? Hex { get; set; }

    public long BytesRead { get; set; }

    public Exception? Error { get; set; }
}
