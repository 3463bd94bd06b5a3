namespace SwRel.Metadata.Checksums;

/// <summary>The syntax a checksum manifest was read from.</summary>
public enum ManifestFormat
{
    /// <summary>Metalink 4 (RFC 5854) XML: the form <see cref="MetalinkWriter"/> writes.</summary>
    Metalink4 = 0,

    /// <summary>GNU coreutils text: <c>HEX  path</c> or <c>HEX *path</c>, one file a line.</summary>
    GnuText,

    /// <summary>BSD tagged text (<c>sha256sum --tag</c>): <c>SHA256 (path) = HEX</c>.</summary>
    BsdText,
}
