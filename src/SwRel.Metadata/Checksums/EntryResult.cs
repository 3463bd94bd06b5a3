namespace SwRel.Metadata.Checksums;

/// <summary>The outcome of verifying one manifest entry (or one extra file).</summary>
/// <remarks>Immutable.</remarks>
public sealed record EntryResult
{
    /// <summary>Gets the path as the manifest spells it (for <see cref="EntryStatus.Extra"/>, relative to the root with <c>/</c>).</summary>
    public required string Path { get; init; }

    /// <summary>Gets the outcome.</summary>
    public required EntryStatus Status { get; init; }

    /// <summary>Gets the algorithm checked, or <see langword="null"/> for <see cref="EntryStatus.Extra"/>.</summary>
    public ChecksumAlgorithm? Algorithm { get; init; }

    /// <summary>Gets the expected hash (lower-case hexadecimal), or <see langword="null"/> for <see cref="EntryStatus.Extra"/>.</summary>
    public string? Expected { get; init; }

    /// <summary>Gets the actual hash when the file was hashed, otherwise <see langword="null"/>.</summary>
    public string? Actual { get; init; }

    /// <summary>Gets the size the manifest states, or <see langword="null"/>.</summary>
    public long? ExpectedSize { get; init; }

    /// <summary>Gets the file's size when it exists, otherwise <see langword="null"/>.</summary>
    public long? ActualSize { get; init; }

    /// <summary>Gets why the file could not be read (<see cref="EntryStatus.Unreadable"/>), otherwise <see langword="null"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets whether the checked algorithm is weak (SHA-1 or MD5).</summary>
    public bool IsWeak => Algorithm is { } algorithm && ChecksumAlgorithms.IsWeak(algorithm);
}
