using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SwRel.Metadata.Checksums;

namespace SwRel.Metadata.Tests.Checksums;

public sealed class ChecksumVerifierTests
{
    // SPEC §9: "Per entry: Ok, Mismatch (expected and actual), SizeMismatch, Missing, Unreadable (why);
    // Extra (in the tree, not in the manifest) on request."
    [Fact]
    public async Task Each_entry_gets_its_own_status()
    {
        using var tree = new TemporaryTree();
        tree.Write("ok.txt", "abc");
        tree.Write("changed.txt", "abd");
        tree.Write("grown.txt", "abcd");
        Directory.CreateDirectory(tree.PathOf("a-directory"));
        tree.Write("extra/stray.txt", "?");
        var manifest = TemporaryTree.Manifest(
            TemporaryTree.EntryFor("ok.txt", "abc"),
            TemporaryTree.EntryFor("changed.txt", "abc"),
            TemporaryTree.EntryFor("grown.txt", "abc"),
            TemporaryTree.EntryFor("gone.txt", "abc"),
            TemporaryTree.EntryFor("a-directory", "abc", withSize: false));

        var report = await new ChecksumVerifier(new VerifierOptions { ReportExtra = true }).VerifyAsync(manifest, tree.Root);

        Assert.False(report.AllOk);
        Assert.Equal(
            [EntryStatus.Ok, EntryStatus.Mismatch, EntryStatus.SizeMismatch, EntryStatus.Missing, EntryStatus.Unreadable, EntryStatus.Extra],
            report.Entries.Select(e => e.Status));
        Assert.Equal((TemporaryTree.Sha256("abc"), 3L), (report.Entries[0].Actual, report.Entries[0].ActualSize!.Value));
        Assert.Equal((null, null), (report.Entries[3].Actual, report.Entries[3].ActualSize));
        var mismatch = report.Entries[1];
        Assert.Equal(TemporaryTree.Sha256("abc"), mismatch.Expected);
        Assert.Equal(TemporaryTree.Sha256("abd"), mismatch.Actual);
        Assert.Equal((3L, 4L), (report.Entries[2].ExpectedSize!.Value, report.Entries[2].ActualSize!.Value));
        Assert.NotNull(report.Entries[4].Reason);
        Assert.Equal("extra/stray.txt", report.Entries[5].Path);
    }

    [Fact]
    public async Task A_matching_tree_is_all_ok_and_extras_are_not_reported_unless_asked()
    {
        using var tree = new TemporaryTree();
        tree.Write("a/b/c.txt", "abc");
        tree.Write("stray", "x");

        var report = await new ChecksumVerifier().VerifyAsync(TemporaryTree.Manifest(TemporaryTree.EntryFor("./a//b/c.txt", "abc")), tree.Root);

        Assert.True(report.AllOk);
        Assert.Equal(3, report.BytesHashed);
        Assert.Single(report.Entries);
    }

    [Fact]
    public async Task Weak_algorithms_are_flagged_and_refused_when_asked()
    {
        using var tree = new TemporaryTree();
        tree.Write("a", "abc");
        var manifest = TemporaryTree.Manifest(ChecksumEntry.Create("a", 3, ChecksumAlgorithm.Md5, "900150983cd24fb0d6963f7d28e17f72"));

        var lenient = await new ChecksumVerifier().VerifyAsync(manifest, tree.Root);
        var strict = await new ChecksumVerifier(new VerifierOptions { RefuseWeakAlgorithms = true }).VerifyAsync(manifest, tree.Root);

        Assert.True(lenient.AllOk);
        Assert.True(lenient.Entries[0].IsWeak);
        Assert.True(strict.IsRefused);
        Assert.Equal(EntryProblemKind.WeakAlgorithm, Assert.Single(strict.Refused).Kind);
    }

    [Fact]
    public async Task The_strongest_hash_of_an_entry_is_the_one_checked()
    {
        using var tree = new TemporaryTree();
        tree.Write("a", "abc");
        var entry = new ChecksumEntry("a", 3, [
            KeyValuePair.Create(ChecksumAlgorithm.Md5, "00000000000000000000000000000000"),
            KeyValuePair.Create(ChecksumAlgorithm.Sha256, TemporaryTree.Sha256("abc")),
        ]);

        var report = await new ChecksumVerifier(new VerifierOptions { RefuseWeakAlgorithms = true }).VerifyAsync(TemporaryTree.Manifest(entry), tree.Root);

        Assert.True(report.AllOk);
        Assert.Equal(ChecksumAlgorithm.Sha256, report.Entries[0].Algorithm);
    }

    [Fact]
    public async Task Progress_reaches_the_totals()
    {
        using var tree = new TemporaryTree();
        var entries = new List<ChecksumEntry>();
        for (var i = 0; i < 20; i++)
        {
            var content = new string((char)('a' + i), 1000 * i);
            tree.Write($"f{i}", content);
            entries.Add(TemporaryTree.EntryFor($"f{i}", content));
        }

        entries.Add(TemporaryTree.EntryFor("missing", "x"));
        var progress = new RecordingProgress();

        var report = await new ChecksumVerifier(new VerifierOptions { Parallelism = 3, BufferSize = 4096 })
            .VerifyAsync(TemporaryTree.Manifest([.. entries]), tree.Root, progress);

        var last = progress.Reports[^1];
        Assert.Equal(190_000, last.TotalBytes);
        Assert.Equal(last.TotalBytes, last.BytesDone);
        Assert.Equal(21, last.TotalFiles);
        Assert.Equal(last.TotalFiles, last.FilesDone);
        Assert.Equal(1.0, last.Fraction);
        Assert.All(progress.Reports, p => Assert.InRange(p.BytesDone, 0, p.TotalBytes));
        Assert.Equal(20, report.Count(EntryStatus.Ok));
    }

    [Fact]
    public async Task Cancellation_stops_the_verification()
    {
        using var tree = new TemporaryTree();
        var content = new string('x', 64 * 1024);
        var entries = new List<ChecksumEntry>();
        for (var i = 0; i < 50; i++)
        {
            tree.Write($"f{i}", content);
            entries.Add(TemporaryTree.EntryFor($"f{i}", content));
        }

        using var cancellation = new CancellationTokenSource();
        var progress = new RecordingProgress { OnReport = p => { if (p.BytesDone > 0) { cancellation.Cancel(); } } };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new ChecksumVerifier(new VerifierOptions { Parallelism = 2, BufferSize = 4096 })
                .VerifyAsync(TemporaryTree.Manifest([.. entries]), tree.Root, progress, cancellation.Token));
        Assert.True(progress.Reports[^1].FilesDone < 50);
    }

    [Fact]
    public void Invalid_options_are_refused_at_construction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChecksumVerifier(new VerifierOptions { Parallelism = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChecksumVerifier(new VerifierOptions { BufferSize = 10 }));
    }

    [Fact]
    public async Task A_missing_root_is_a_typed_error()
    {
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() =>
            new ChecksumVerifier().VerifyAsync(TemporaryTree.Manifest(TemporaryTree.EntryFor("a", "abc")), "/nonexistent/swrel-root"));
    }

    private static readonly Gen<(int[] Sizes, int Seed, int File, int Offset, byte Mask)> FlipCase =
        from sizes in Gen.Choose(1, 70_000).ArrayOf().Where(a => a.Length is > 0 and <= 12)
        from seed in Gen.Choose(0, int.MaxValue)
        from file in Gen.Choose(0, sizes.Length - 1)
        from offset in Gen.Choose(0, sizes[file] - 1)
        from bit in Gen.Choose(0, 7)
        select (sizes, seed, file, offset, (byte)(1 << bit));

    // Law: one flipped bit anywhere in a verified tree is a Mismatch for that file and only that file.
    [Property(MaxTest = 40)]
    public Property A_flipped_byte_is_a_mismatch_for_that_file_only() =>
        Prop.ForAll(FlipCase.ToArbitrary(), c =>
        {
            using var tree = new TemporaryTree();
            var random = new Random(c.Seed);
            var paths = new string[c.Sizes.Length];
            for (var i = 0; i < c.Sizes.Length; i++)
            {
                var content = new byte[c.Sizes[i]];
                random.NextBytes(content);
                paths[i] = $"d{i % 3}/{(i % 2 == 0 ? "sub/" : "")}file{i}.bin";
                tree.Write(paths[i], content);
            }

            var manifest = ManifestBuilder.CreateAsync(tree.Root).GetAwaiter().GetResult();
            var flipped = tree.PathOf(paths[c.File]);
            var bytes = File.ReadAllBytes(flipped);
            bytes[c.Offset] ^= c.Mask;
            File.WriteAllBytes(flipped, bytes);

            var report = new ChecksumVerifier(new VerifierOptions { Parallelism = 2, BufferSize = 16 * 1024 })
                .VerifyAsync(manifest, tree.Root).GetAwaiter().GetResult();

            var bad = Assert.Single(report.Entries, e => e.Status != EntryStatus.Ok);
            Assert.Equal(EntryStatus.Mismatch, bad.Status);
            Assert.Equal(paths[c.File], bad.Path);
        });

    [Fact]
    public async Task A_manifest_file_named_in_the_scope_is_not_extra_and_other_unlisted_files_are()
    {
        using var tree = new TemporaryTree();
        tree.Write("a.txt", "abc");
        tree.Write("stray.txt", "?");
        var manifest = TemporaryTree.Manifest(TemporaryTree.EntryFor("a.txt", "abc"));
        MetalinkWriter.WriteFile(manifest, tree.PathOf("checksums.meta4"));
        var verifier = new ChecksumVerifier();

        var scoped = await verifier.VerifyAsync(manifest, tree.Root, new VerificationScope { ReportExtra = true, AllowedUnlisted = ["./checksums.meta4"] });
        var unscoped = await verifier.VerifyAsync(manifest, tree.Root, new VerificationScope { ReportExtra = true });

        Assert.Equal([("a.txt", EntryStatus.Ok), ("stray.txt", EntryStatus.Extra)], scoped.Entries.Select(e => (e.Path, e.Status)));
        Assert.Equal(["a.txt", "checksums.meta4", "stray.txt"], unscoped.Entries.Select(e => e.Path));
    }

    // SwRel never reads through a symbolic link and never opens a FIFO, socket or device: in the tree they are
    // extra files with a reason, and nothing behind a link to a folder is walked.
    [Fact]
    public async Task Links_and_fifos_in_the_tree_are_extra_with_a_reason_and_never_followed()
    {
        using var tree = new TemporaryTree();
        tree.Write("real/f", "abc");
        File.CreateSymbolicLink(tree.PathOf("link-to-file"), tree.PathOf("real/f"));
        File.CreateSymbolicLink(tree.PathOf("link-to-folder"), tree.PathOf("real"));
        tree.MakeFifo("pipe");
        var manifest = TemporaryTree.Manifest(TemporaryTree.EntryFor("real/f", "abc"));

        var verify = new ChecksumVerifier(new VerifierOptions { ReportExtra = true }).VerifyAsync(manifest, tree.Root);

        Assert.Same(verify, await Task.WhenAny(verify, Task.Delay(TimeSpan.FromMinutes(2))));
        var report = await verify;
        Assert.False(report.AllOk);
        Assert.Equal(
            [("real/f", EntryStatus.Ok), ("link-to-file", EntryStatus.Extra), ("link-to-folder", EntryStatus.Extra), ("pipe", EntryStatus.Extra)],
            report.Entries.Select(e => (e.Path, e.Status)));
        Assert.Contains("symbolic link", report.Entries[1].Reason, StringComparison.Ordinal);
        Assert.Contains("FIFO", report.Entries[3].Reason, StringComparison.Ordinal);
    }
}
