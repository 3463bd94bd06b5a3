using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SwRel.Metadata.Checksums;

namespace SwRel.Metadata.Tests.Checksums;

public sealed class MetalinkRoundTripTests
{
    private static readonly Gen<string> Segment =
        Gen.Elements("a", "b", "dir", "x y", "ü", "&amp", "<odd>", "quote\"d", "日本", "v1.2.3", "-")
            .Two()
            .Select(pair => pair.Item1 + pair.Item2);

    private static readonly Gen<string> RelativePath =
        Gen.Choose(1, 4).SelectMany(depth => Segment.ArrayOf(depth)).Select(parts => string.Join('/', parts));

    private static readonly Gen<ChecksumEntry> Entry =
        from path in RelativePath
        from size in Gen.Choose(-1, int.MaxValue).Select(s => s < 0 ? (long?)null : s)
        from algorithms in Gen.SubListOf(ChecksumAlgorithms.All.ToArray()).Where(list => list.Count > 0)
        from seed in Gen.Choose(0, int.MaxValue)
        select new ChecksumEntry(path, size, algorithms.Select(a => KeyValuePair.Create(a, RandomHex(a, seed))));

    // Law: read ∘ write is the identity on manifests (paths, sizes and every hash survive).
    [Property(MaxTest = 200)]
    public Property Writing_then_reading_a_manifest_gives_it_back() =>
        Prop.ForAll(Entry.ListOf().Where(list => list.Count > 0).Select(list => new ChecksumManifest(ManifestFormat.Metalink4, [.. list])).ToArbitrary(), manifest =>
        {
            var result = ChecksumManifestReader.Parse(MetalinkWriter.WriteToString(manifest));

            Assert.True(result.Succeeded, string.Join("; ", result.Errors));
            Assert.Equal(manifest.Entries.Length, result.Manifest.Entries.Length);
            for (var i = 0; i < manifest.Entries.Length; i++)
            {
                var expected = manifest.Entries[i];
                var actual = result.Manifest.Entries[i];
                Assert.Equal(expected.Path, actual.Path);
                Assert.Equal(expected.Size, actual.Size);
                Assert.Equal(expected.Hashes, actual.Hashes);
            }
        });

    [Fact]
    public void The_writer_uses_the_metalink_4_namespace_and_names()
    {
        var manifest = TemporaryTree.Manifest(TemporaryTree.EntryFor("a/b.txt", "abc"));

        var xml = MetalinkWriter.WriteToString(manifest);

        Assert.Contains("<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\">", xml, StringComparison.Ordinal);
        Assert.Contains("<file name=\"a/b.txt\">", xml, StringComparison.Ordinal);
        Assert.Contains("<size>3</size>", xml, StringComparison.Ordinal);
        Assert.Contains("<hash type=\"sha-256\">ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad</hash>", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_a_file_replaces_it_whole_and_leaves_no_temporary_file()
    {
        using var tree = new TemporaryTree();
        var target = tree.Write("manifest.meta4", "old");

        MetalinkWriter.WriteFile(TemporaryTree.Manifest(TemporaryTree.EntryFor("a", "abc")), target);

        Assert.True(ChecksumManifestReader.ReadFile(target).Succeeded);
        Assert.Single(Directory.GetFiles(tree.Root));
    }

    [Fact]
    public void Writing_into_a_missing_folder_names_the_folder_not_a_temporary_file()
    {
        using var tree = new TemporaryTree();
        var target = tree.PathOf("missing/manifest.meta4");

        var error = Assert.Throws<DirectoryNotFoundException>(() => MetalinkWriter.WriteFile(TemporaryTree.Manifest(TemporaryTree.EntryFor("a", "abc")), target));

        Assert.Contains($"the folder '{tree.PathOf("missing")}' does not exist", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", error.Message, StringComparison.Ordinal);
    }

    private static string RandomHex(ChecksumAlgorithm algorithm, int seed)
    {
        var bytes = new byte[ChecksumAlgorithms.HashSizeInBytes(algorithm)];
        new Random(seed + (int)algorithm).NextBytes(bytes);
        return Convert.ToHexString(bytes);
    }
}
