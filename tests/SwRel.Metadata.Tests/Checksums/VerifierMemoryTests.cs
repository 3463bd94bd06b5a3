using SwRel.Metadata.Checksums;

namespace SwRel.Metadata.Tests.Checksums;

[CollectionDefinition(nameof(VerifierMemoryTests), DisableParallelization = true)]
public sealed class VerifierMemoryCollection;

[Collection(nameof(VerifierMemoryTests))]
public sealed class VerifierMemoryTests
{
    // SPEC §9: "Verify streams every file once (bounded memory whatever the file size)". Measured as managed
    // allocations, alone in the process, so that other tests cannot add to the count.
    [Fact]
    public async Task Verifying_a_large_file_allocates_far_less_than_the_file()
    {
        using var tree = new TemporaryTree();
        var content = new byte[48 * 1024 * 1024];
        new Random(7).NextBytes(content);
        tree.Write("large.bin", content);
        var manifest = TemporaryTree.Manifest(ChecksumEntry.Create("large.bin", content.Length, ChecksumAlgorithm.Sha256, TemporaryTree.Sha256(content)));
        var verifier = new ChecksumVerifier(new VerifierOptions { Parallelism = 1 });
        await verifier.VerifyAsync(manifest, tree.Root);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var report = await verifier.VerifyAsync(manifest, tree.Root);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.True(report.AllOk);
        Assert.InRange(allocated, 0, 2 * 1024 * 1024);
    }
}
