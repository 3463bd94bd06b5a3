using BenchmarkDotNet.Attributes;
using SwRel.Repository.Versions;

namespace SwRel.Benchmarks;

/// <summary>
/// Comparisons per second for each version scheme: from text (parse both sides and compare, on spans) and of
/// values parsed beforehand. Each reported time is for one comparison; both paths should allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class VersionBenchmarks
{
    private const int Pairs = 8;

    private static readonly Dictionary<VersionScheme, (string A, string B)[]> Samples = new()
    {
        [VersionScheme.Umd] =
        [
            ("4.7.1", "4.7.2"), ("4.10.0", "4.9.3"), ("3.0.0", "3.0.0"), ("1.2.3", "2.0.0"),
            ("5.0.12", "5.0.2"), ("0.0.1", "0.1.0"), ("4.14.3", "4.14.30"), ("2.1.0", "2.0.9"),
        ],
        [VersionScheme.Rpm] =
        [
            ("2.4.6-3.el7_9", "2.4.6-10.el7"), ("1:1.0~rc1-1", "1:1.0-1"), ("5.5p10", "5.5p2"), ("1.0^git1", "1.01"),
            ("3.10.0-1160.el7", "3.10.0-957.el7"), ("0:2.02-0.86.el7", "2.02-0.87.el7"), ("20101121", "20101122"), ("6.0.rc1", "6.0"),
        ],
        [VersionScheme.Debian] =
        [
            ("1:2.30-1ubuntu2", "1:2.30-1ubuntu10"), ("1.0~rc1-1", "1.0-1"), ("2.4.6+dfsg-3", "2.4.6.1-1"), ("0:1.18.36", "1.18.36"),
            ("7.6p2-4", "7.6-0"), ("1.2.3-10", "1.2.3-9"), ("3.0.5-2", "3.0.5.1"), ("2:1.0.4+svn26-1", "2:1.0.4~svn26-1"),
        ],
        [VersionScheme.SemVer] =
        [
            ("1.0.0-alpha", "1.0.0-alpha.1"), ("1.0.0-beta.11", "1.0.0-beta.2"), ("1.0.0-rc.1", "1.0.0"), ("2.1.0", "2.1.1"),
            ("1.0.0+build.1", "1.0.0+build.2"), ("10.20.30", "10.20.3"), ("1.0.0-alpha.beta", "1.0.0-beta"), ("0.1.0", "1.0.0"),
        ],
    };

    private (string A, string B)[] _text = [];
    private IVersionSchemeComparer _comparer = VersionComparer.Umd;
    private (UmdVersion A, UmdVersion B)[] _umd = [];
    private (RpmVersion A, RpmVersion B)[] _rpm = [];
    private (DebianVersion A, DebianVersion B)[] _debian = [];
    private (SemanticVersion A, SemanticVersion B)[] _semver = [];

    [Params(VersionScheme.Umd, VersionScheme.Rpm, VersionScheme.Debian, VersionScheme.SemVer)]
    public VersionScheme Scheme { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = Samples[Scheme];
        _comparer = VersionComparer.For(Scheme);
        _umd = Scheme == VersionScheme.Umd ? Array.ConvertAll(_text, p => (UmdVersion.Parse(p.A), UmdVersion.Parse(p.B))) : [];
        _rpm = Scheme == VersionScheme.Rpm ? Array.ConvertAll(_text, p => (RpmVersion.Parse(p.A), RpmVersion.Parse(p.B))) : [];
        _debian = Scheme == VersionScheme.Debian ? Array.ConvertAll(_text, p => (DebianVersion.Parse(p.A), DebianVersion.Parse(p.B))) : [];
        _semver = Scheme == VersionScheme.SemVer ? Array.ConvertAll(_text, p => (SemanticVersion.Parse(p.A), SemanticVersion.Parse(p.B))) : [];
    }

    [Benchmark(OperationsPerInvoke = Pairs)]
    public int ParseAndCompareText()
    {
        var sum = 0;
        foreach (var (a, b) in _text)
        {
            sum += _comparer.Compare(a, b);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Pairs)]
    public int CompareParsedValues()
    {
        var sum = 0;
        switch (Scheme)
        {
            case VersionScheme.Umd:
                foreach (var (a, b) in _umd)
                {
                    sum += VersionComparer.Umd.Compare(a, b);
                }

                break;
            case VersionScheme.Rpm:
                foreach (var (a, b) in _rpm)
                {
                    sum += VersionComparer.Rpm.Compare(a, b);
                }

                break;
            case VersionScheme.Debian:
                foreach (var (a, b) in _debian)
                {
                    sum += VersionComparer.Debian.Compare(a, b);
                }

                break;
            default:
                foreach (var (a, b) in _semver)
                {
                    sum += VersionComparer.SemVer.Compare(a, b);
                }

                break;
        }

        return sum;
    }
}
