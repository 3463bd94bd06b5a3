using SwRel.Metadata.Checksums;

namespace SwRel.Metadata.Tests.Checksums;

public sealed class ManifestBuilderTests
{
    [Fact]
    public async Task A_tree_becomes_a_sorted_manifest_of_relative_slash_paths_that_verifies()
    {
        using var tree = new TemporaryTree();
        tree.Write("z.txt", "z");
        tree.Write("a/b/.hidden", "h");
        tree.Write("a/a.txt", "abc");
        tree.Write("empty", "");

        var manifest = await ManifestBuilder.CreateAsync(tree.Root, ChecksumAlgorithm.Sha512);
        var reread = ChecksumManifestReader.Parse(MetalinkWriter.WriteToString(manifest));
        var report = await new ChecksumVerifier(new VerifierOptions { ReportExtra = true }).VerifyAsync(reread.Manifest!, tree.Root);

        Assert.Equal(["a/a.txt", "a/b/.hidden", "empty", "z.txt"], manifest.Entries.Select(e => e.Path));
        Assert.Equal(3, manifest.Entries[0].Size);
        Assert.All(manifest.Entries, e => Assert.Equal(ChecksumAlgorithm.Sha512, e.StrongestAlgorithm));
        Assert.True(report.AllOk);
        Assert.Equal(4, report.Entries.Length);
    }

    [Fact]
    public async Task Links_inside_the_tree_are_listed_or_skipped_the_same_way_by_the_builder_and_the_extra_check()
    {
        using var tree = new TemporaryTree();
        tree.Write("real/f", "hello");
        File.CreateSymbolicLink(tree.PathOf("link-to-file"), tree.PathOf("real/f"));
        File.CreateSymbolicLink(tree.PathOf("link-to-folder"), tree.PathOf("real"));
        File.CreateSymbolicLink(tree.PathOf("dangling"), tree.PathOf("nowhere"));

        var manifest = await ManifestBuilder.CreateAsync(tree.Root);
        var report = await new ChecksumVerifier(new VerifierOptions { ReportExtra = true }).VerifyAsync(manifest, tree.Root);

        Assert.Equal(["link-to-file", "real/f"], manifest.Entries.Select(e => e.Path));
        Assert.True(report.AllOk, string.Join(", ", report.Entries.Select(e => $"{e.Path}={e.Status}")));
    }

    [Fact]
    public async Task A_link_leading_out_of_the_tree_fails_the_build_by_name()
    {
        using var tree = new TemporaryTree();
        using var outside = new TemporaryTree();
        outside.Write("secret", "s");
        tree.Write("a", "a");
        File.CreateSymbolicLink(tree.PathOf("out"), outside.PathOf("secret"));

        var error = await Assert.ThrowsAsync<ManifestBuildException>(() => ManifestBuilder.CreateAsync(tree.Root));

        Assert.Equal("out", Assert.Single(error.Problems).Path);
    }
}
