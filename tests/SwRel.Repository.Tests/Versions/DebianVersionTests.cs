using SwRel.Repository.Versions;

namespace SwRel.Repository.Tests.Versions;

public sealed class DebianVersionTests
{
    // Source: dpkg, lib/dpkg/t/t-version.c (test_version_compare and test_version_relate). The C tests build
    // (epoch, upstream, revision) objects; here each is written as the version text dpkg would parse into it.
    public static TheoryData<string, string, int> DpkgCompareTable => new()
    {
        { "1:0", "2:0", -1 },
        { "0:1-1", "0:2-1", -1 },
        { "0:1-1", "0:1-2", -1 },
        { "0:0-0", "0:0-0", 0 },
        { "0:0-00", "0:00-0", 0 },
        { "1:2-3", "1:2-3", 0 },
        { "0:0-0", "1:0-0", -1 },
        { "1:0-0", "0:0-0", 1 },
        { "0:a-0", "0:b-0", -1 },
        { "0:b-0", "0:a-0", 1 },
        { "0:0-a", "0:0-b", -1 },
        { "0:0-b", "0:0-a", 1 },
        { "0:1-1", "0:1-1", 0 },
        { "0:2-1", "0:1-1", 1 },
    };

    // Source: dpkg, lib/dpkg/t/t-version.c (test_version_parse): each text parses to the version on its right.
    public static TheoryData<string, string> DpkgParseTable => new()
    {
        { "0", "0:0" },
        { "0:0", "0:0" },
        { "0:0-0", "0:0-0" },
        { "0:0.0-0.0", "0:0.0-0.0" },
        { "1:0", "1:0" },
        { "5:1", "5:1" },
        { "0:0-0-0", "0:0-0-0" },
        { "0:0-0-0-0", "0:0-0-0-0" },
        { "0:0:0-0", "0:0:0-0" },
        { "0:0:0:0-0", "0:0:0:0-0" },
        { "0:0:0-0-0", "0:0:0-0-0" },
        { "0:0-0:0-0", "0:0-0:0-0" },
        { "0:09azAZ.-+~:-0", "0:09azAZ.-+~:-0" },
        { "0:0-azAZ09.+~", "0:0-azAZ09.+~" },
        { "  \t0:0-1", "0:0-1" },
        { "0:0-1\t  ", "0:0-1" },
        { "\t  0:0-1  \t", "0:0-1" },
    };

    // Ordering examples of Debian policy §5.6.12 and common practice.
    public static TheoryData<string, string, int> PolicyExamples => new()
    {
        { "1.0~rc1", "1.0", -1 },
        { "1.0~~", "1.0~~a", -1 },
        { "1.0~~a", "1.0~", -1 },
        { "1.0~", "1.0", -1 },
        { "1.0", "1.0a", -1 },
        { "1.0a", "1.0+", -1 },
        { "1.0", "1.0.1", -1 },
        { "1.0+dfsg", "1.0.1", -1 },
        { "1.0-1", "1.0-1ubuntu1", -1 },
        { "2:1.0", "10.0", 1 },
        { "1.2.3-10", "1.2.3-9", 1 },
        { "1.0", "1.0-0", 0 },
        { "0:1.18.36", "1.18.36", 0 },
        { "1.0", "1.00", 0 },
        { "9.10", "9.9", 1 },
    };

    // SPEC §10: Debian ordering follows dpkg rules: epoch, upstream, revision, '~'.
    [Theory]
    [MemberData(nameof(DpkgCompareTable))]
    [MemberData(nameof(PolicyExamples))]
    public void Versions_compare_as_dpkg_says(string a, string b, int expected)
    {
        Assert.Equal(expected, VersionComparer.Debian.Compare(a, b));
        Assert.Equal(-expected, VersionComparer.Debian.Compare(b, a));
        Assert.True(DebianVersion.TryParseLenient(a, out var x, out _, out _));
        Assert.True(DebianVersion.TryParseLenient(b, out var y, out _, out _));
        Assert.Equal(expected, VersionComparer.Debian.Compare(x, y));
        Assert.Equal(expected == 0, VersionComparer.Debian.Equals(x, y));
        if (expected == 0)
        {
            Assert.Equal(VersionComparer.Debian.GetHashCode(x), VersionComparer.Debian.GetHashCode(y));
        }
    }

    [Theory]
    [MemberData(nameof(DpkgParseTable))]
    public void Texts_parse_to_the_version_dpkg_reads(string text, string same)
    {
        var version = DebianVersion.Parse(text);

        Assert.Equal(0, VersionComparer.Debian.Compare(version, DebianVersion.Parse(same)));
        Assert.Equal(text.Trim(' ', '\t'), version.ToString());
    }

    [Fact]
    public void Multiple_hyphens_and_colons_split_at_the_first_colon_and_the_last_hyphen()
    {
        var version = DebianVersion.Parse("0:0-0:0-0");

        Assert.Equal(0, version.Epoch);
        Assert.Equal("0-0:0", version.Upstream);
        Assert.Equal("0", version.Revision);
    }

    // Source: dpkg, lib/dpkg/t/t-version.c (test_version_parse): texts dpkg refuses with an error.
    [Theory]
    [InlineData("", "is empty")]
    [InlineData("  ", "is empty")]
    [InlineData("0:", "empty upstream version")]
    [InlineData("1:", "empty upstream version")]
    [InlineData(":1.0", "empty epoch")]
    [InlineData("1.0-", "empty revision")]
    [InlineData("0:0 0-1", "embedded spaces")]
    [InlineData("-1:0-1", "epoch")]
    [InlineData("999999999999999999999999:0-1", "epoch larger than")]
    [InlineData("a:0-0", "epoch")]
    [InlineData("A:0-0", "epoch")]
    [InlineData("-0", "empty upstream version")]
    [InlineData("0:-0", "empty upstream version")]
    public void Malformed_versions_are_refused_even_leniently(string text, string reason)
    {
        Assert.False(DebianVersion.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.False(DebianVersion.TryParseLenient(text, out _, out _, out _));
        Assert.Throws<FormatException>(() => VersionComparer.Debian.Compare(text, "1.0"));
    }

    [Fact]
    public void An_empty_upstream_version_after_the_epoch_is_named()
    {
        Assert.False(DebianVersion.TryParse("1:", out _, out var error));
        Assert.Equal("Debian version '1:' has an empty upstream version.", error);
    }

    // Source: dpkg, lib/dpkg/t/t-version.c (test_version_parse): texts dpkg refuses with a warning only.
    public static TheoryData<string> DpkgWarnings()
    {
        var data = new TheoryData<string> { "0:abc3-0", "0:0-0:0" };
        foreach (var c in "!#@$%&/|\\<>()[]{};,_=*^'")
        {
            data.Add($"0:0{c}-0");
        }

        foreach (var c in "!#@$%&/|\\<>()[]{}:;,_=*^'")
        {
            data.Add($"0:0-{c}");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DpkgWarnings))]
    public void What_dpkg_warns_about_is_refused_strictly_and_accepted_leniently_with_the_warning(string text)
    {
        Assert.False(DebianVersion.TryParse(text, out _, out var error));
        Assert.True(DebianVersion.TryParseLenient(text, out var version, out _, out var warning));
        Assert.Equal(error, warning);
        Assert.Equal(text, version.ToString());
        Assert.Equal(0, VersionComparer.Debian.Compare(text, text));
    }

    [Fact]
    public void A_valid_version_parses_leniently_without_a_warning()
    {
        Assert.True(DebianVersion.TryParseLenient("1:2.30-1ubuntu2", out var version, out _, out var warning));
        Assert.Null(warning);
        Assert.Equal(1, version.Epoch);
        Assert.Equal("2.30", version.Upstream);
        Assert.Equal("1ubuntu2", version.Revision);
    }

    [Fact]
    public void The_default_value_is_version_zero()
    {
        Assert.Equal("0", default(DebianVersion).ToString());
        Assert.Equal(0, VersionComparer.Debian.Compare(default, DebianVersion.Parse("0")));
        Assert.Null(default(DebianVersion).Revision);
    }
}
