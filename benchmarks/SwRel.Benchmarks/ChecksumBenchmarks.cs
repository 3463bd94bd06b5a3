using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using SwRel.Metadata.Checksums;

namespace SwRel.Benchmarks;

/// <summary>
/// The verifier on one large file (compare its throughput with <c>openssl dgst -sha256</c> through
/// <c>benchmarks/compare-checksums.sh</c>) and on a tree of many small files, single-threaded against parallel; and
/// the reading of a large <c>sha256sum</c> manifest, which on trees of tiny files is a large share of the work.
/// </summary>
[MemoryDiagnoser]
public class ChecksumBenchmarks
{
    private const int LargeFileBytes = 256 * 1024 * 1024;
    private const int SmallFiles = 2_000;
    private const int ManifestLines = 100_000;

    private string _root = "";
    private ChecksumManifest _largeManifest = null!;
    private ChecksumManifest _treeManifest = null!;
    private byte[] _textManifest = [];

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "swrel-checksum-bench-" + Guid.NewGuid().ToString("N"));
        var random = new Random(20100501);
        var large = Path.Combine(_root, "large", "large.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(large)!);
        var chunk = new byte[1024 * 1024];
        using (var stream = File.Create(large))
        {
            for (var written = 0; written < LargeFileBytes; written += chunk.Length)
            {
                random.NextBytes(chunk);
                stream.Write(chunk);
            }
        }

        _largeManifest = new ChecksumManifest(ManifestFormat.Metalink4, [Entry("large.bin", File.ReadAllBytes(large))]);

        var entries = new List<ChecksumEntry>(SmallFiles);
        for (var i = 0; i < SmallFiles; i++)
        {
            var content = new byte[random.Next(4 * 1024, 64 * 1024 + 1)];
            random.NextBytes(content);
            var relative = $"d{i % 20:00}/f{i:00000}.bin";
            var path = Path.Combine(_root, "tree", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, content);
            entries.Add(Entry(relative, content));
        }

        _treeManifest = new ChecksumManifest(ManifestFormat.Metalink4, [.. entries]);

        // As `sha256sum` writes it for a million empty files in folders of 1,000, cut to its first lines.
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < ManifestLines; i++)
        {
            text.Append("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  d").Append((i / 1000).ToString("0000", System.Globalization.CultureInfo.InvariantCulture))
                .Append("/f").Append(i.ToString("0000000", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }

        _textManifest = System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark]
    public Task<VerificationReport> LargeFileSha256() =>
        new ChecksumVerifier(new VerifierOptions { Parallelism = 1 }).VerifyAsync(_largeManifest, Path.Combine(_root, "large"));

    [Benchmark]
    public Task<VerificationReport> SmallFilesSingleThreaded() =>
        new ChecksumVerifier(new VerifierOptions { Parallelism = 1 }).VerifyAsync(_treeManifest, Path.Combine(_root, "tree"));

    [Benchmark]
    public Task<VerificationReport> SmallFilesParallel() =>
        new ChecksumVerifier(new VerifierOptions { Parallelism = Environment.ProcessorCount }).VerifyAsync(_treeManifest, Path.Combine(_root, "tree"));

    [Benchmark]
    public ManifestReadResult ReadTextManifest100000Lines()
    {
        using var stream = new MemoryStream(_textManifest, writable: false);
        return ChecksumManifestReader.Read(stream);
    }

    private static ChecksumEntry Entry(string path, byte[] content) =>
        ChecksumEntry.Create(path, content.Length, ChecksumAlgorithm.Sha256, Convert.ToHexString(SHA256.HashData(content)));
}
