namespace SwRel.Metadata.Checksums;

/// <summary>Limits applied while reading a manifest, so that a hostile file cannot exhaust memory.</summary>
/// <remarks>A plain options class; the defaults suit manifests of a few million files.</remarks>
public sealed class ManifestReaderOptions
{
    /// <summary>
    /// Gets or sets the largest manifest accepted, in characters; a manifest file is also refused, before it is read,
    /// when it has more bytes than this. Default 256 Mi (268,435,456).
    /// </summary>
    public long MaxCharacters { get; set; } = 256L * 1024 * 1024;

    /// <summary>Gets or sets the most entries accepted. Default 4,000,000.</summary>
    public int MaxEntries { get; set; } = 4_000_000;

    /// <summary>Gets or sets the most errors kept; the rest are only counted and reported as one last "and N more errors." Default 100.</summary>
    public int MaxErrors { get; set; } = 100;
}
