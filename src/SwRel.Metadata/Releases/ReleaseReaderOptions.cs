namespace SwRel.Metadata.Releases;

/// <summary>Limits and switches for <see cref="ReleaseDescriptorReader"/>.</summary>
/// <remarks>
/// Defaults: <see cref="MaxDocumentBytes"/> 16 MiB, <see cref="MaxDepth"/> 32, <see cref="MaxValueLength"/> 1 Mi characters,
/// <see cref="MaxCharactersFromEntities"/> 4,096, <see cref="MaxErrors"/> 100, <see cref="CheckContent"/> on, <see cref="Strict"/> off.
/// The limits exist so that a hostile document is refused with bounded memory; real descriptors are far below all of them
/// (a 5,000-package descriptor is about 1 MB and 5 levels deep). Options are plain data: validate them with
/// <see cref="Validate"/> (the reader does so on every call).
/// </remarks>
public sealed class ReleaseReaderOptions
{
    /// <summary>Gets the default options.</summary>
    public static ReleaseReaderOptions Default { get; } = new();

    /// <summary>Gets or sets the largest document accepted, in bytes (characters for string input). Default 16 MiB.</summary>
    public long MaxDocumentBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Gets or sets the deepest element nesting accepted (the root element is depth 1). Default 32.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Gets or sets the longest text or attribute value accepted, in characters. Default 1 Mi.</summary>
    public int MaxValueLength { get; init; } = 1024 * 1024;

    /// <summary>Gets or sets the most characters entity expansion may produce. Default 4,096.</summary>
    /// <remarks>Documents never get to declare entities (their DOCTYPE is never processed); this bounds the embedded DTD too.</remarks>
    public long MaxCharactersFromEntities { get; init; } = 4096;

    /// <summary>Gets or sets how many errors are collected before reading stops. Default 100.</summary>
    public int MaxErrors { get; init; } = 100;

    /// <summary>Gets or sets whether the checks beyond the schema run (dates, version parts, URLs, productShortName). Default on.</summary>
    public bool CheckContent { get; init; } = true;

    /// <summary>Gets or sets whether every warning about the content is reported as an error (so that the descriptor is invalid). Default off.</summary>
    /// <remarks>For providers who want their descriptors free of odd display fields before they submit them. The notice that a
    /// DOCTYPE is ignored stays a warning: it concerns how the document is read, not what it says.</remarks>
    public bool Strict { get; init; }

    /// <summary>Checks that every limit is positive.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero or negative.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDocumentBytes, nameof(MaxDocumentBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDepth, nameof(MaxDepth));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxValueLength, nameof(MaxValueLength));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxCharactersFromEntities, nameof(MaxCharactersFromEntities));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxErrors, nameof(MaxErrors));
    }
}
