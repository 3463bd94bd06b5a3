using System.Security.Cryptography;
using System.Text;
using SwRel.Metadata.Checksums;

namespace SwRel.Metadata.Tests.Checksums;

/// <summary>What one manifest entry keeps in memory.</summary>
/// <remarks>
/// Measured with the whole heap, so the class runs alone: tests running beside it would move the figure.
/// </remarks>
[Collection(nameof(ChecksumEntryMemoryTests))]
[CollectionDefinition(nameof(ChecksumEntryMemoryTests), DisableParallelization = true)]
public sealed class ChecksumEntryMemoryTests
{
    [Fact]
    public void A_sha256_entry_holds_little_more_than_its_path()
    {
        const int Count = 50_000;
        var paths = new string[Count];
        var hex = new string[Count];
        for (var i = 0; i < Count; i++)
        {
            paths[i] = $"d{i % 100:000}/f{i:0000000}";
            hex[i] = TemporaryTree.Sha256(paths[i]);
        }

        var entries = new ChecksumEntry[Count];
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < Count; i++)
        {
            entries[i] = ChecksumEntry.Create(paths[i], null, ChecksumAlgorithm.Sha256, hex[i]);
        }

        var perEntry = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)Count;
        GC.KeepAlive(entries);

        // Keep the inputs alive too: in a Release build they are otherwise dead after the loop, and collecting their
        // 64-digit strings during the second measurement would subtract them from the entries' cost.
        GC.KeepAlive(hex);
        GC.KeepAlive(paths);

        // The 64-digit text alone would take 152 bytes; the entry, digest included, stays under 112.
        Assert.InRange(perEntry, 1, 112);
    }
}
