using SwRel.Metadata.Checksums;

namespace SwRel.Metadata.Tests.Checksums;

public sealed class ManifestPathPolicyTests
{
    // SPEC §9: "Manifest entries that are absolute, contain `..`, escape the root through a link, repeat, or hold
    // control characters are refused before any file is opened."
    [Fact]
    public async Task Every_bad_entry_is_named_and_no_file_is_read()
    {
        using var tree = new TemporaryTree();
        using var outside = new TemporaryTree();
        outside.Write("secret.txt", "abc");
        tree.Write("good.txt", "abc");
        File.CreateSymbolicLink(tree.PathOf("leak"), outside.Root);
        File.CreateSymbolicLink(tree.PathOf("leak-file"), outside.PathOf("secret.txt"));
        var manifest = TemporaryTree.Manifest(
            TemporaryTree.EntryFor("good.txt", "abc"),
            TemporaryTree.EntryFor("/etc/passwd", "abc"),
            TemporaryTree.EntryFor("a/../../secret.txt", "abc"),
            TemporaryTree.EntryFor("tab\there", "abc"),
            TemporaryTree.EntryFor("./good.txt", "abc"),
            TemporaryTree.EntryFor("leak/secret.txt", "abc"),
            TemporaryTree.EntryFor("leak-file", "abc"),
            TemporaryTree.EntryFor("C:\\Windows\\win.ini", "abc"));
        var progress = new RecordingProgress();

        var report = await new ChecksumVerifier().VerifyAsync(manifest, tree.Root, progress);

        Assert.True(report.IsRefused);
        Assert.Empty(report.Entries);
        Assert.Equal(0, report.BytesHashed);
        Assert.Empty(progress.Reports);
        Assert.Equal(
            [EntryProblemKind.Absolute, EntryProblemKind.ParentSegment, EntryProblemKind.ControlCharacter, EntryProblemKind.Duplicate,
             EntryProblemKind.EscapesThroughLink, EntryProblemKind.EscapesThroughLink, EntryProblemKind.Absolute],
            report.Refused.Select(p => p.Kind));
        Assert.Contains("\\t", report.Refused[2].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_that_stays_inside_the_root_passes_the_policy_but_is_not_read_by_the_verifier()
    {
        using var tree = new TemporaryTree();
        tree.Write("real/a.txt", "abc");
        File.CreateSymbolicLink(tree.PathOf("alias"), tree.PathOf("real"));
        var manifest = TemporaryTree.Manifest(TemporaryTree.EntryFor("alias/a.txt", "abc"));

        var report = await new ChecksumVerifier().VerifyAsync(manifest, tree.Root);

        Assert.Empty(ManifestPathPolicy.FindProblems(manifest, tree.Root));
        var entry = Assert.Single(report.Entries);
        Assert.Equal(EntryStatus.Unreadable, entry.Status);
        Assert.Contains($"'{tree.PathOf("alias")}' is a symbolic link", entry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_link_leaving_the_root_from_a_plain_subfolder_is_refused_by_the_verifier()
    {
        // The verifier hands the policy each entry's path under the root to reuse: the link must still be seen.
        using var tree = new TemporaryTree();
        using var outside = new TemporaryTree();
        outside.Write("secret.txt", "abc");
        tree.Write("sub/good.txt", "abc");
        File.CreateSymbolicLink(tree.PathOf("sub/leak-file"), outside.PathOf("secret.txt"));
        var manifest = TemporaryTree.Manifest(TemporaryTree.EntryFor("sub/good.txt", "abc"), TemporaryTree.EntryFor("sub/leak-file", "abc"));

        var report = await new ChecksumVerifier().VerifyAsync(manifest, tree.Root);

        var problem = Assert.Single(report.Refused);
        Assert.Equal(("sub/leak-file", EntryProblemKind.EscapesThroughLink), (problem.Path, problem.Kind));
        Assert.Empty(report.Entries);
    }

    [Fact]
    public void Every_repeat_of_a_path_however_spelt_names_the_first_entry_with_that_path_and_the_first_is_kept()
    {
        using var tree = new TemporaryTree();
        var text = new System.Text.StringBuilder();
        const string Digest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        for (var i = 0; i < 3000; i++)
        {
            text.Append(Digest).Append("  ").Append($"d{i % 1000 % 30}/f{i % 1000}").Append('\n');
        }

        text.Append(Digest).Append("  ./d0//f0\n");
        text.Append(Digest).Append("  d1/./f1\n");
        var manifest = ChecksumManifestReader.Parse(text.ToString()).Manifest!;

        var problems = ManifestPathPolicy.FindProblems(manifest, tree.Root);

        // Entry i (line i + 1) has the path of entry i % 1000.
        var expected = Enumerable.Range(1000, 2000).Select(i => (i + 1, $"repeats the entry at line {(i % 1000) + 1}."))
            .Append((3001, "repeats the entry at line 1.")).Append((3002, "repeats the entry at line 2."));
        Assert.Equal(expected, problems.Select(p => (p.Line, p.Message)));
        Assert.All(problems, p => Assert.Equal(EntryProblemKind.Duplicate, p.Kind));
    }

    [Fact]
    public void A_loop_of_links_is_refused()
    {
        using var tree = new TemporaryTree();
        File.CreateSymbolicLink(tree.PathOf("one"), tree.PathOf("two"));
        File.CreateSymbolicLink(tree.PathOf("two"), tree.PathOf("one"));

        var problems = ManifestPathPolicy.FindProblems(TemporaryTree.Manifest(TemporaryTree.EntryFor("one/x", "abc")), tree.Root);

        Assert.Equal(EntryProblemKind.EscapesThroughLink, Assert.Single(problems).Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("a/./..")]
    [InlineData("nul\0byte")]
    public void Unusable_paths_are_refused_lexically(string path)
    {
        Assert.False(ManifestPathPolicy.TryCheckLexically(path, out _, out _, out _));
    }

    // coreutils names the file 'a\b' in "\\MD5 (a\\\\b) = ...": outside Windows '\' is a character of a name, not a
    // separator, so a decoy 'a/b' beside it must not be the file verified.
    [Fact]
    public async Task A_backslash_is_part_of_the_name_so_a_decoy_beside_it_is_not_verified_instead()
    {
        using var tree = new TemporaryTree();
        tree.Write("a\\b", "real");
        tree.Write("a/b", "decoy");
        var md5OfReal = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("real"u8));
        var manifest = ChecksumManifestReader.Parse($"\\MD5 (a\\\\b) = {md5OfReal}\n").Manifest!;

        var report = await new ChecksumVerifier().VerifyAsync(manifest, tree.Root);

        Assert.True(ManifestPathPolicy.TryCheckLexically("a\\b", out var normalized, out _, out _));
        Assert.Equal("a\\b", normalized);
        Assert.True(ManifestPathPolicy.TryCheckLexically("..\\x", out _, out _, out _));
        var entry = Assert.Single(report.Entries);
        Assert.Equal(("a\\b", EntryStatus.Ok, 4L), (entry.Path, entry.Status, entry.ActualSize!.Value));
    }
}
