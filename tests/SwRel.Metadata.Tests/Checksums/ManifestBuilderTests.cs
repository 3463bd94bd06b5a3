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

    // SwRel never reads through a symbolic link: a link anywhere in the tree, wherever it leads, is named, not followed.
    [Fact]
    public async Task A_link_anywhere_in_the_tree_fails_the_build_by_name_and_is_not_followed()
    {
        using var tree = new TemporaryTree();
        tree.Write("real/f", "hello");
        File.CreateSymbolicLink(tree.PathOf("link-to-file"), tree.PathOf("real/f"));
        File.CreateSymbolicLink(tree.PathOf("link-to-folder"), tree.PathOf("real"));
        File.CreateSymbolicLink(tree.PathOf("real/dangling"), tree.PathOf("nowhere"));

        var error = await Assert.ThrowsAsync<ManifestBuildException>(() => ManifestBuilder.CreateAsync(tree.Root));

        Assert.Equal(["link-to-file", "link-to-folder", "real/dangling"], error.Problems.Select(p => p.Path));
        Assert.All(error.Problems, p => Assert.Equal(EntryProblemKind.SymbolicLink, p.Kind));
    }

    [Fact]
    public async Task A_fifo_in_the_tree_fails_the_build_by_name_without_being_opened()
    {
        using var tree = new TemporaryTree();
        tree.Write("a", "a");
        tree.MakeFifo("sub/pipe");

        var build = ManifestBuilder.CreateAsync(tree.Root);

        Assert.Same(build, await Task.WhenAny(build, Task.Delay(TimeSpan.FromMinutes(2))));
        var error = await Assert.ThrowsAsync<ManifestBuildException>(() => build);
        var problem = Assert.Single(error.Problems);
        Assert.Equal(("sub/pipe", EntryProblemKind.NotRegularFile), (problem.Path, problem.Kind));
    }

    [Fact]
    public async Task A_tree_without_files_is_refused_rather_than_listed_as_an_empty_manifest()
    {
        using var tree = new TemporaryTree();
        Directory.CreateDirectory(tree.PathOf("empty/folders"));

        var error = await Assert.ThrowsAsync<ManifestBuildException>(() => ManifestBuilder.CreateAsync(tree.Root));

        Assert.Empty(error.Problems);
        Assert.Contains("holds no file", error.Message, StringComparison.Ordinal);
        Assert.Contains(tree.Root, error.Message, StringComparison.Ordinal);
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
