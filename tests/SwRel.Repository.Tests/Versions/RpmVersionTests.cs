using SwRel.Repository.Versions;

namespace SwRel.Repository.Tests.Versions;

public sealed class RpmVersionTests
{
    // Source: rpm-software-management/rpm, tests/rpmvercmp.at (the RPMVERCMP(a, b, expected) cases, including the
    // "tilde sorting", "caret sorting" and "tilde and caret sorting" banners). Transcribed as data.
    public static TheoryData<string, string, int> RpmVerCmpTable => new()
    {
        { "1.0", "1.0", 0 },
        { "1.0", "2.0", -1 },
        { "2.0", "1.0", 1 },
        { "2.0.1", "2.0.1", 0 },
        { "2.0", "2.0.1", -1 },
        { "2.0.1", "2.0", 1 },
        { "2.0.1a", "2.0.1a", 0 },
        { "2.0.1a", "2.0.1", 1 },
        { "2.0.1", "2.0.1a", -1 },
        { "5.5p1", "5.5p1", 0 },
        { "5.5p1", "5.5p2", -1 },
        { "5.5p2", "5.5p1", 1 },
        { "5.5p10", "5.5p10", 0 },
        { "5.5p1", "5.5p10", -1 },
        { "5.5p10", "5.5p1", 1 },
        { "10xyz", "10.1xyz", -1 },
        { "10.1xyz", "10xyz", 1 },
        { "xyz10", "xyz10", 0 },
        { "xyz10", "xyz10.1", -1 },
        { "xyz10.1", "xyz10", 1 },
        { "xyz.4", "xyz.4", 0 },
        { "xyz.4", "8", -1 },
        { "8", "xyz.4", 1 },
        { "xyz.4", "2", -1 },
        { "2", "xyz.4", 1 },
        { "5.5p2", "5.6p1", -1 },
        { "5.6p1", "5.5p2", 1 },
        { "5.6p1", "6.5p1", -1 },
        { "6.5p1", "5.6p1", 1 },
        { "6.0.rc1", "6.0", 1 },
        { "6.0", "6.0.rc1", -1 },
        { "10b2", "10a1", 1 },
        { "10a2", "10b2", -1 },
        { "1.0aa", "1.0aa", 0 },
        { "1.0a", "1.0aa", -1 },
        { "1.0aa", "1.0a", 1 },
        { "10.0001", "10.0001", 0 },
        { "10.0001", "10.1", 0 },
        { "10.1", "10.0001", 0 },
        { "10.0001", "10.0039", -1 },
        { "10.0039", "10.0001", 1 },
        { "4.999.9", "5.0", -1 },
        { "5.0", "4.999.9", 1 },
        { "20101121", "20101121", 0 },
        { "20101121", "20101122", -1 },
        { "20101122", "20101121", 1 },
        { "2_0", "2_0", 0 },
        { "2.0", "2_0", 0 },
        { "2_0", "2.0", 0 },
        { "a", "a", 0 },
        { "a+", "a+", 0 },
        { "a+", "a_", 0 },
        { "a_", "a+", 0 },
        { "+a", "+a", 0 },
        { "+a", "_a", 0 },
        { "_a", "+a", 0 },
        { "+_", "+_", 0 },
        { "_+", "+_", 0 },
        { "_+", "_+", 0 },
        { "+", "_", 0 },
        { "_", "+", 0 },
        { "1.0~rc1", "1.0~rc1", 0 },
        { "1.0~rc1", "1.0", -1 },
        { "1.0", "1.0~rc1", 1 },
        { "1.0~rc1", "1.0~rc2", -1 },
        { "1.0~rc2", "1.0~rc1", 1 },
        { "1.0~rc1~git123", "1.0~rc1~git123", 0 },
        { "1.0~rc1~git123", "1.0~rc1", -1 },
        { "1.0~rc1", "1.0~rc1~git123", 1 },
        { "1.0^", "1.0^", 0 },
        { "1.0^", "1.0", 1 },
        { "1.0", "1.0^", -1 },
        { "1.0^git1", "1.0^git1", 0 },
        { "1.0^git1", "1.0", 1 },
        { "1.0", "1.0^git1", -1 },
        { "1.0^git1", "1.0^git2", -1 },
        { "1.0^git2", "1.0^git1", 1 },
        { "1.0^git1", "1.01", -1 },
        { "1.01", "1.0^git1", 1 },
        { "1.0^20160101", "1.0^20160101", 0 },
        { "1.0^20160101", "1.0.1", -1 },
        { "1.0.1", "1.0^20160101", 1 },
        { "1.0^20160101^git1", "1.0^20160101^git1", 0 },
        { "1.0^20160102", "1.0^20160101^git1", 1 },
        { "1.0^20160101^git1", "1.0^20160102", -1 },
        { "1.0~rc1^git1", "1.0~rc1^git1", 0 },
        { "1.0~rc1^git1", "1.0~rc1", 1 },
        { "1.0~rc1", "1.0~rc1^git1", -1 },
        { "1.0^git1~pre", "1.0^git1~pre", 0 },
        { "1.0^git1", "1.0^git1~pre", 1 },
        { "1.0^git1~pre", "1.0^git1", -1 },
    };

    // SPEC §10: RPM ordering follows rpmvercmp rules, including '~' and '^'.
    [Theory]
    [MemberData(nameof(RpmVerCmpTable))]
    public void Versions_compare_as_rpmvercmp_says(string a, string b, int expected)
    {
        Assert.Equal(expected, VersionComparer.Rpm.Compare(a, b));
        Assert.Equal(expected, VersionComparer.Rpm.Compare(RpmVersion.Parse(a), RpmVersion.Parse(b)));
        Assert.Equal(expected, VersionComparer.Rpm.CompareField(a, b));
        Assert.Equal(expected == 0, VersionComparer.Rpm.Equals(RpmVersion.Parse(a), RpmVersion.Parse(b)));
    }

    [Theory]
    [MemberData(nameof(RpmVerCmpTable))]
    public void Versions_that_rpm_sees_as_equal_hash_alike(string a, string b, int expected)
    {
        var x = RpmVersion.Parse(a);
        var y = RpmVersion.Parse(b);
        if (expected == 0)
        {
            Assert.Equal(VersionComparer.Rpm.GetHashCode(x), VersionComparer.Rpm.GetHashCode(y));
        }
        else
        {
            Assert.False(VersionComparer.Rpm.Equals(x, y));
        }
    }

    [Theory]
    [InlineData("1:1.0-1", "2.0-1", 1)]
    [InlineData("0:1.0-1", "1.0-1", 0)]
    [InlineData("1.0-1", "1.0-2", -1)]
    [InlineData("1.0-10", "1.0-9", 1)]
    [InlineData("1.0-1.el7", "1.0-1.el8", -1)]
    [InlineData("2.0-1", "10.0-1", -1)]
    [InlineData("1.0", "1.0-1", -1)]
    [InlineData("1.0-1", "1.0.1-0", -1)]
    [InlineData("1.0~rc1-5", "1.0-1", -1)]
    [InlineData("4294967295:0", "4294967294:9", 1)]
    public void Epoch_comes_first_then_version_then_release(string a, string b, int expected)
    {
        Assert.Equal(expected, VersionComparer.Rpm.Compare(a, b));
        Assert.Equal(-expected, VersionComparer.Rpm.Compare(b, a));
    }

    [Fact]
    public void Parts_are_read_from_epoch_version_and_release()
    {
        var version = RpmVersion.Parse("3:2.4.6-3.el7_9");

        Assert.Equal(3u, version.Epoch);
        Assert.True(version.HasEpoch);
        Assert.Equal("2.4.6", version.Version);
        Assert.Equal("3.el7_9", version.Release);
        Assert.Equal("3:2.4.6-3.el7_9", version.ToString());
    }

    [Fact]
    public void A_version_without_epoch_or_release_has_epoch_zero_and_no_release()
    {
        var version = RpmVersion.Parse("1.0~rc1");

        Assert.Equal(0u, version.Epoch);
        Assert.False(version.HasEpoch);
        Assert.Null(version.Release);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData(":1.0", "empty epoch")]
    [InlineData("a:1.0", "epoch 'a'")]
    [InlineData("99999999999:1.0", "epoch larger than")]
    [InlineData("1:2:3", "more than one ':'")]
    [InlineData("1:", "empty version")]
    [InlineData("-1", "empty version")]
    [InlineData("1.0-", "empty release")]
    [InlineData("1-2-3", "more than one '-'")]
    [InlineData("1.0 beta", "whitespace")]
    [InlineData("1.0\u00e9", "outside ASCII")]
    public void Malformed_versions_are_refused_with_the_reason(string text, string reason)
    {
        Assert.False(RpmVersion.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains($"'{text}'", error, StringComparison.Ordinal);
        var exception = Assert.Throws<FormatException>(() => VersionComparer.Rpm.Compare(text, "1.0"));
        Assert.Equal(error, exception.Message);
    }

    [Fact]
    public void Value_equality_is_exact_while_the_comparer_sees_rpm_equivalence()
    {
        var dotted = RpmVersion.Parse("2.0");
        var underscored = RpmVersion.Parse("2_0");

        Assert.NotEqual(dotted, underscored);
        Assert.True(VersionComparer.Rpm.Equals(dotted, underscored));
        Assert.NotEqual(0, dotted.CompareTo(underscored));
        Assert.Equal(-dotted.CompareTo(underscored), underscored.CompareTo(dotted));
    }

    [Fact]
    public void The_default_value_is_version_zero()
    {
        Assert.Equal("0", default(RpmVersion).ToString());
        Assert.Equal(0, VersionComparer.Rpm.Compare(default, RpmVersion.Parse("0")));
    }
}
