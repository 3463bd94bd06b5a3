using SwRel.Repository.Versions;

namespace SwRel.Repository.Tests.Versions;

public sealed class SemanticVersionTests
{
    // semver.org, Semantic Versioning 2.0.0, item 11: "Example: 1.0.0 < 2.0.0 < 2.1.0 < 2.1.1." and
    // "Example: 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2 < 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0."
    public static TheoryData<string[]> SpecChains => new()
    {
        new[] { "1.0.0", "2.0.0", "2.1.0", "2.1.1" },
        new[] { "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0" },
    };

    [Theory]
    [MemberData(nameof(SpecChains))]
    public void The_specification_examples_are_in_increasing_precedence(string[] chain)
    {
        for (var i = 0; i < chain.Length; i++)
        {
            for (var j = 0; j < chain.Length; j++)
            {
                var expected = i.CompareTo(j);
                Assert.Equal(expected, VersionComparer.SemVer.Compare(chain[i], chain[j]));
                Assert.Equal(expected, VersionComparer.SemVer.Compare(SemanticVersion.Parse(chain[i]), SemanticVersion.Parse(chain[j])));
            }
        }
    }

    // semver.org item 10: "Build metadata MUST be ignored when determining version precedence."
    [Fact]
    public void Build_metadata_is_ignored_for_precedence_but_not_for_equality()
    {
        var a = SemanticVersion.Parse("1.0.0-alpha+001");
        var b = SemanticVersion.Parse("1.0.0-alpha+exp.sha.5114f85");

        Assert.Equal(0, VersionComparer.SemVer.Compare(a, b));
        Assert.True(VersionComparer.SemVer.Equals(a, b));
        Assert.Equal(VersionComparer.SemVer.GetHashCode(a), VersionComparer.SemVer.GetHashCode(b));
        Assert.NotEqual(a, b);
        Assert.True(a < b);
    }

    // semver.org item 11: numeric identifiers compare numerically, numeric below alphanumeric.
    [Theory]
    [InlineData("1.0.0-2", "1.0.0-10", -1)]
    [InlineData("1.0.0-10", "1.0.0-a", -1)]
    [InlineData("1.0.0-a-b", "1.0.0-a", 1)]
    [InlineData("1.0.0-B", "1.0.0-a", -1)]
    [InlineData("1.0.0-alpha.1", "1.0.0-alpha.1.0", -1)]
    [InlineData("10.0.0", "9.99.99", 1)]
    [InlineData("1.0.0-99999999999999999999999", "1.0.0-100000000000000000000000", -1)]
    [InlineData("18446744073709551615.0.0", "18446744073709551614.9.9", 1)]
    public void Identifiers_compare_by_the_precedence_rules(string a, string b, int expected)
    {
        Assert.Equal(expected, VersionComparer.SemVer.Compare(a, b));
        Assert.Equal(-expected, VersionComparer.SemVer.Compare(b, a));
    }

    [Fact]
    public void Parts_are_read()
    {
        var version = SemanticVersion.Parse("1.2.3-rc.1+build.5");

        Assert.Equal(1ul, version.Major);
        Assert.Equal(2ul, version.Minor);
        Assert.Equal(3ul, version.Patch);
        Assert.Equal("rc.1", version.Prerelease);
        Assert.Equal("build.5", version.BuildMetadata);
        Assert.True(version.IsPrerelease);
        Assert.Equal("1.2.3-rc.1+build.5", version.ToString());
    }

    // semver.org items 2, 9 and 10: the grammar of versions, pre-release and build identifiers.
    [Theory]
    [InlineData("1.02.3", "numeric identifiers must not have leading zeros")]
    [InlineData("01.2.3", "numeric identifiers must not have leading zeros")]
    [InlineData("1.0.0-01", "numeric identifiers must not have leading zeros")]
    [InlineData("", "empty")]
    [InlineData("1.2", "three numbers")]
    [InlineData("1.2.3.4", "three numbers")]
    [InlineData("1..3", "three numbers")]
    [InlineData("v1.2.3", "not a non-negative integer")]
    [InlineData("1.2.3-", "pre-release after '-' is empty")]
    [InlineData("1.2.3+", "build metadata after '+' is empty")]
    [InlineData("1.2.3-alpha..1", "identifiers must not be empty")]
    [InlineData("1.2.3+a.", "identifiers must not be empty")]
    [InlineData("1.2.3-a_b", "only ASCII letters, digits and '-'")]
    [InlineData("1.2.3+a+b", "only ASCII letters, digits and '-'")]
    [InlineData("18446744073709551616.0.0", "larger than")]
    [InlineData(" 1.2.3", "not a non-negative integer")]
    public void Malformed_versions_are_refused_with_the_reason(string text, string reason)
    {
        Assert.False(SemanticVersion.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => VersionComparer.SemVer.Compare(text, "1.0.0"));
    }

    [Fact]
    public void A_leading_zero_error_reads_as_the_rule()
    {
        Assert.False(SemanticVersion.TryParse("1.02.3", out _, out var error));
        Assert.StartsWith("SemVer '1.02.3': numeric identifiers must not have leading zeros", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_identifiers_may_have_leading_zeros()
    {
        Assert.True(SemanticVersion.TryParse("1.0.0+001", out var version, out _));
        Assert.Equal("001", version.BuildMetadata);
    }

    [Fact]
    public void The_default_value_is_zero()
    {
        Assert.Equal("0.0.0", default(SemanticVersion).ToString());
        Assert.Equal(SemanticVersion.Parse("0.0.0"), default);
    }
}
