using System.Collections.Immutable;

namespace SwRel.Metadata.Checksums;

/// <summary>A checksum manifest: the files of a tree with their sizes and hashes (SPEC §9).</summary>
/// <remarks>
/// Entries keep the manifest's order; <see cref="ManifestBuilder"/> sorts them by path (ordinal).
/// Instances are immutable and thread-safe.
/// </remarks>
/// <param name="Format">The syntax the manifest was read from, or will be written in.</param>
/// <param name="Entries">The entries.</param>
public sealed record ChecksumManifest(ManifestFormat Format, ImmutableArray<ChecksumEntry> Entries)
{
    /// <summary>Gets the total of the sizes the manifest states (entries without a size count as 0).</summary>
    public long StatedBytes
    {
        get
        {
            long total = 0;
            foreach (var entry in Entries)
            {
                total += entry.Size ?? 0;
            }

            return total;
        }
    }
}
