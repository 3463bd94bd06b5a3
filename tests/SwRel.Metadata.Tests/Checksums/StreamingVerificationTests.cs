using System.Security.Cryptography;
using System.Text;
using SwRel.Metadata.Checksums;

namespace SwRel.Metadata.Tests.Checksums;

public sealed class StreamingVerificationTests
{
    [Fact]
    public async Task Every_result_is_handed_over_once_and_the_summary_counts_them()
    {
        using var tree = new TemporaryTree();
        tree.Write("a/ok.txt", "abc");
        tree.Write("a/changed.txt", "abd");
        tree.Write("b/ok.txt", "xyz");
        tree.Write("stray.txt", "?");
        var manifest = TemporaryTree.Manifest(
            TemporaryTree.EntryFor("a/ok.txt", "abc"),
            TemporaryTree.EntryFor("a/changed.txt", "abc"),
            TemporaryTree.EntryFor("b/ok.txt", "xyz"),
            TemporaryTree.EntryFor("b/gone.txt", "abc"));
        var results = new List<EntryResult>();

        var summary = await new ChecksumVerifier(new VerifierOptions { Parallelism = 3 })
            .VerifyStreamingAsync(manifest, tree.Root, new VerificationScope { ReportExtra = true }, results.Add);

        Assert.Equal(5, summary.Total);
        Assert.Equal(5, results.Count);
        Assert.Equal(
            ["a/changed.txt:Mismatch", "a/ok.txt:Ok", "b/gone.txt:Missing", "b/ok.txt:Ok", "stray.txt:Extra"],
            results.Select(r => $"{r.Path}:{r.Status}").Order(StringComparer.Ordinal));
        Assert.Equal("stray.txt", results[^1].Path);
        Assert.Equal((2, 1, 1, 1), (summary.Count(EntryStatus.Ok), summary.Count(EntryStatus.Mismatch), summary.Count(EntryStatus.Missing), summary.Count(EntryStatus.Extra)));
        Assert.False(summary.AllOk);
        Assert.Equal(9, summary.BytesHashed);
    }

    [Fact]
    public async Task A_result_is_handed_over_as_soon_as_its_file_is_checked_not_at_the_end()
    {
        using var tree = new TemporaryTree();
        tree.Write("1.txt", "one");
        tree.Write("2.txt", "two");
        tree.Write("3.txt", "three");
        var manifest = TemporaryTree.Manifest(
            TemporaryTree.EntryFor("1.txt", "one"),
            TemporaryTree.EntryFor("2.txt", "two"),
            TemporaryTree.EntryFor("3.txt", "three"));
        var seen = new List<(string Path, EntryStatus Status)>();

        // One worker takes the entries in manifest order: a file removed when the first result arrives is still to be
        // checked, so it is reported missing only if results come while the verification runs.
        var summary = await new ChecksumVerifier(new VerifierOptions { Parallelism = 1 }).VerifyStreamingAsync(
            manifest,
            tree.Root,
            new VerificationScope(),
            result =>
            {
                if (seen.Count == 0)
                {
                    File.Delete(tree.PathOf("3.txt"));
                }

                seen.Add((result.Path, result.Status));
            });

        Assert.Equal([("1.txt", EntryStatus.Ok), ("2.txt", EntryStatus.Ok), ("3.txt", EntryStatus.Missing)], seen);
        Assert.Equal(1, summary.Count(EntryStatus.Missing));
    }

    [Fact]
    public async Task Results_are_handed_over_one_at_a_time_from_many_workers()
    {
        using var tree = new TemporaryTree();
        var entries = new List<ChecksumEntry>();
        for (var i = 0; i < 400; i++)
        {
            var content = $"file {i}";
            tree.Write($"d{i % 7}/f{i}", content);
            entries.Add(TemporaryTree.EntryFor($"d{i % 7}/f{i}", content));
        }

        var inside = 0;
        var overlaps = 0;
        var count = 0;
        var summary = await new ChecksumVerifier(new VerifierOptions { Parallelism = 4 }).VerifyStreamingAsync(
            TemporaryTree.Manifest([.. entries]),
            tree.Root,
            new VerificationScope(),
            _ =>
            {
                if (Interlocked.Increment(ref inside) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                Thread.SpinWait(2000);
                count++;
                Interlocked.Decrement(ref inside);
            });

        Assert.Equal(0, overlaps);
        Assert.Equal(400, count);
        Assert.True(summary.AllOk);
    }

    [Fact]
    public async Task A_refused_manifest_hands_over_no_result_and_names_the_entry()
    {
        using var tree = new TemporaryTree();
        tree.Write("a.txt", "abc");
        var manifest = TemporaryTree.Manifest(TemporaryTree.EntryFor("a.txt", "abc"), TemporaryTree.EntryFor("../b.txt", "abc"));
        var results = new List<EntryResult>();

        var summary = await new ChecksumVerifier().VerifyStreamingAsync(manifest, tree.Root, new VerificationScope(), results.Add);

        Assert.Empty(results);
        Assert.True(summary.IsRefused);
        Assert.False(summary.AllOk);
        Assert.Equal("../b.txt", Assert.Single(summary.Refused).Path);
    }

    [Fact]
    public async Task Entries_of_interleaved_folders_a_linked_folder_and_a_file_in_place_of_a_folder_get_the_statuses_of_a_full_lookup()
    {
        using var tree = new TemporaryTree();
        tree.Write("a/1.txt", "a1");
        tree.Write("b/1.txt", "b1");
        tree.Write("a/2.txt", "a2");
        tree.Write("real/x.txt", "x");
        Directory.CreateSymbolicLink(tree.PathOf("linked"), tree.PathOf("real"));
        tree.Write("plain", "not a folder");
        var manifest = TemporaryTree.Manifest(
            TemporaryTree.EntryFor("a/1.txt", "a1"),
            TemporaryTree.EntryFor("b/1.txt", "b1"),
            TemporaryTree.EntryFor("a/2.txt", "a2"),
            TemporaryTree.EntryFor("linked/x.txt", "x"),
            TemporaryTree.EntryFor("plain/y.txt", "y"),
            TemporaryTree.EntryFor("nowhere/z.txt", "z"),
            TemporaryTree.EntryFor("a/3.txt", "a3"));

        var report = await new ChecksumVerifier(new VerifierOptions { Parallelism = 1 }).VerifyAsync(manifest, tree.Root);

        Assert.Equal(
            [EntryStatus.Ok, EntryStatus.Ok, EntryStatus.Ok, EntryStatus.Unreadable, EntryStatus.Missing, EntryStatus.Missing, EntryStatus.Missing],
            report.Entries.Select(e => e.Status));
        Assert.Contains("link", report.Entries[3].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Md5)]
    [InlineData(ChecksumAlgorithm.Sha1)]
    [InlineData(ChecksumAlgorithm.Sha256)]
    [InlineData(ChecksumAlgorithm.Sha384)]
    [InlineData(ChecksumAlgorithm.Sha512)]
    public async Task Every_digest_length_is_kept_whole_and_checked(ChecksumAlgorithm algorithm)
    {
        using var tree = new TemporaryTree();
        tree.Write("f.bin", "content");
        tree.Write("g.bin", "other");
        var digest = Convert.ToHexString(Hash(algorithm, Encoding.UTF8.GetBytes("content"))).ToLowerInvariant();
        var manifest = TemporaryTree.Manifest(
            ChecksumEntry.Create("f.bin", null, algorithm, digest.ToUpperInvariant()),
            ChecksumEntry.Create("g.bin", null, algorithm, digest));

        var report = await new ChecksumVerifier().VerifyAsync(manifest, tree.Root);

        Assert.Equal(digest, manifest.Entries[0].Hashes[algorithm]);
        Assert.Equal((EntryStatus.Ok, digest, digest), (report.Entries[0].Status, report.Entries[0].Expected, report.Entries[0].Actual));
        Assert.Equal((EntryStatus.Mismatch, digest), (report.Entries[1].Status, report.Entries[1].Expected));
        Assert.Equal(Convert.ToHexString(Hash(algorithm, Encoding.UTF8.GetBytes("other"))).ToLowerInvariant(), report.Entries[1].Actual);
    }

    [Fact]
    public async Task Empty_files_match_the_hash_of_nothing_and_a_file_that_is_not_empty_does_not()
    {
        using var tree = new TemporaryTree();
        tree.Write("empty", []);
        tree.Write("one-byte", "x");
        var nothing = TemporaryTree.Sha256([]);
        var manifest = TemporaryTree.Manifest(
            ChecksumEntry.Create("empty", null, ChecksumAlgorithm.Sha256, nothing),
            ChecksumEntry.Create("one-byte", null, ChecksumAlgorithm.Sha256, nothing));

        var report = await new ChecksumVerifier().VerifyAsync(manifest, tree.Root);

        Assert.Equal([EntryStatus.Ok, EntryStatus.Mismatch], report.Entries.Select(e => e.Status));
        Assert.Equal(TemporaryTree.Sha256("x"), report.Entries[1].Actual);
    }

    [Fact]
    public async Task Empty_files_checked_by_one_worker_each_match_their_own_algorithms_hash_of_nothing()
    {
        using var tree = new TemporaryTree();
        tree.Write("1-empty", []);
        tree.Write("2-empty", []);
        tree.Write("3-x", "x");
        tree.Write("4-empty", []);
        tree.Write("5-empty", []);
        string Hex(ChecksumAlgorithm algorithm, string content) => Convert.ToHexString(Hash(algorithm, Encoding.UTF8.GetBytes(content))).ToLowerInvariant();
        var manifest = TemporaryTree.Manifest(
            ChecksumEntry.Create("1-empty", null, ChecksumAlgorithm.Md5, Hex(ChecksumAlgorithm.Md5, "")),
            ChecksumEntry.Create("2-empty", null, ChecksumAlgorithm.Sha256, Hex(ChecksumAlgorithm.Sha256, "")),
            ChecksumEntry.Create("3-x", null, ChecksumAlgorithm.Sha256, Hex(ChecksumAlgorithm.Sha256, "x")),
            ChecksumEntry.Create("4-empty", null, ChecksumAlgorithm.Sha256, Hex(ChecksumAlgorithm.Sha256, "x")),
            ChecksumEntry.Create("5-empty", null, ChecksumAlgorithm.Sha512, Hex(ChecksumAlgorithm.Sha512, "")));

        var report = await new ChecksumVerifier(new VerifierOptions { Parallelism = 1 }).VerifyAsync(manifest, tree.Root);

        Assert.Equal([EntryStatus.Ok, EntryStatus.Ok, EntryStatus.Ok, EntryStatus.Mismatch, EntryStatus.Ok], report.Entries.Select(e => e.Status));
        Assert.Equal(Hex(ChecksumAlgorithm.Sha256, ""), report.Entries[3].Actual);
        Assert.Equal(Hex(ChecksumAlgorithm.Sha512, ""), report.Entries[4].Actual);
    }

    private static byte[] Hash(ChecksumAlgorithm algorithm, byte[] data) => algorithm switch
    {
        ChecksumAlgorithm.Md5 => MD5.HashData(data),
        ChecksumAlgorithm.Sha1 => SHA1.HashData(data),
        ChecksumAlgorithm.Sha256 => SHA256.HashData(data),
        ChecksumAlgorithm.Sha384 => SHA384.HashData(data),
        _ => SHA512.HashData(data),
    };
}
