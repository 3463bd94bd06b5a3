using System.Collections.Immutable;
using System.Xml;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SwRel.Metadata.Releases;

namespace SwRel.Benchmarks;

/// <summary>
/// release.xml parse + validate against a bare XmlReader pass over the same bytes (the baseline of each category).
/// Targets: at most 3x the baseline, at least 5,000 typical descriptors per second per core, 1 MB linear in size.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class ReleaseXmlBenchmarks
{
    private byte[] _typical = [];
    private byte[] _large = [];

    [GlobalSetup]
    public void Setup()
    {
        _typical = Build(packages: 6);
        var perPackage = (Build(packages: 101).Length - Build(packages: 1).Length) / 100;
        _large = Build(packages: (1024 * 1024 - _typical.Length) / perPackage + 6);
        Check(_typical);
        Check(_large);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Typical3KB")]
    public int BareXmlReader_Typical() => BareRead(_typical);

    [Benchmark]
    [BenchmarkCategory("Typical3KB")]
    public ReleaseDescriptor? ParseAndValidate_Typical() => ReleaseDescriptorReader.Read(new MemoryStream(_typical, writable: false)).Descriptor;

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Large1MB")]
    public int BareXmlReader_Large() => BareRead(_large);

    [Benchmark]
    [BenchmarkCategory("Large1MB")]
    public ReleaseDescriptor? ParseAndValidate_Large() => ReleaseDescriptorReader.Read(new MemoryStream(_large, writable: false)).Descriptor;

    private static int BareRead(byte[] bytes)
    {
        var nodes = 0;
        using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false));
        while (reader.Read())
        {
            nodes++;
        }

        return nodes;
    }

    private static void Check(byte[] bytes)
    {
        var result = ReleaseDescriptorReader.Read(new MemoryStream(bytes));
        if (!result.IsValid)
        {
            throw new InvalidOperationException("The benchmark descriptor is invalid: " + string.Join("; ", result.Errors));
        }
    }

    private static byte[] Build(int packages)
    {
        var descriptor = new ReleaseDescriptor
        {
            Dialect = ReleaseDialect.RepoEgi02,
            ProductName = "argus",
            ProductShortName = "INFN.argus.centos7.x86_64",
            TechnologyProvider = "INFN",
            TechnologyProviderShortName = "INFN",
            Contact = "argus-support@example.org",
            TechnicalContact = "argus-support@example.org",
            Description = "Argus authorization service",
            DocumentationLinks = ["https://argus-documentation.readthedocs.io/"],
            ReleaseDate = new DateOnly(2018, 3, 5),
            Incremental = true,
            Emergency = false,
            MajorVersion = 1,
            MinorVersion = 7,
            RevisionVersion = 3,
            ReleaseNotes = "Bug fixes for the PAP and PDP services: <b>PAP</b> policy reload &amp; PDP caching.",
            ChangeLog = "https://github.com/argus-authz/argus-pdp/blob/1.7.3/CHANGELOG",
            SynchProtocol = "yum",
            SynchUrl = "n/a",
            TargetPlatform = "centos7",
            TargetArch = "x86_64",
            Capabilities = ["Authorisation"],
            Packages = Enumerable.Range(0, packages)
                .Select(i => new ReleasePackage(
                    $"argus-component-{i}",
                    "1.7.3",
                    "1",
                    "x86_64",
                    $"argus-component-{i}-1.7.3-1.el7.centos.x86_64.rpm",
                    $"https://example.org/argus/argus-component-{i}-1.7.3-1.el7.centos.x86_64.rpm",
                    "metapackage"))
                .ToImmutableArray(),
            Repositories = [new ReleaseRepository(RepositoryFamily.Yum, "INFN.argus.centos7.x86_64", "/")],
            RepoFile = new ReleaseRepoFile(RepositoryFamily.Yum, "INFN.argus.centos7.x86_64.repo", "repofiles",
                [new RepoFileEntry("INFN.argus.centos7.x86_64", "/", "relative", "INFN.argus.centos7.x86_64", "INFN.argus.centos7.x86_64", "1", "1", Protect: "1")]),
        };
        using var stream = new MemoryStream();
        ReleaseDescriptorWriter.Write(descriptor, stream);
        return stream.ToArray();
    }
}
