using SwRel.Domain.Tickets;
using SwRel.Repository.Versions;

namespace SwRel.Repository.Tests.Versions;

public sealed class UmdVersionTests
{
    [Fact]
    public void A_version_parses_into_its_three_numbers()
    {
        var version = UmdVersion.Parse("4.7.13");

        Assert.Equal(new UmdVersion(4, 7, 13), version);
        Assert.Equal("4.7.13", version.ToString());
    }

    // SPEC §10: MAJOR.MINOR.REVISION, non-negative integers.
    [Theory]
    [InlineData("", "empty")]
    [InlineData("1.2", "exactly three numbers")]
    [InlineData("1.2.3.4", "exactly three numbers")]
    [InlineData("1..3", "minor number '' is empty")]
    [InlineData("1.-2.3", "minor number '-2' is not a non-negative integer")]
    [InlineData("1.2.x", "revision number 'x' is not a non-negative integer")]
    [InlineData("1.02.3", "minor number '02' has a leading zero")]
    [InlineData("3000000000.0.0", "larger than 2147483647")]
    [InlineData(" 1.2.3", "major number ' 1'")]
    public void Malformed_versions_are_refused_with_the_reason(string text, string reason)
    {
        Assert.False(UmdVersion.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => UmdVersion.Parse(text));
        Assert.False(VersionComparer.Umd.TryCompare(text, "1.0.0", out _, out _));
    }

    [Fact]
    public void Negative_numbers_cannot_be_constructed()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new UmdVersion(1, -1, 0));
    }

    [Theory]
    [InlineData("1.2.3", "1.2.10", -1)]
    [InlineData("1.10.0", "1.9.9", 1)]
    [InlineData("2.0.0", "10.0.0", -1)]
    [InlineData("3.1.4", "3.1.4", 0)]
    public void Versions_order_by_major_then_minor_then_revision(string a, string b, int expected)
    {
        Assert.Equal(expected, VersionComparer.Umd.Compare(a, b));
        Assert.Equal(expected, UmdVersion.Parse(a).CompareTo(UmdVersion.Parse(b)));
    }

    // SPEC §10: major (x.0.0), minor (x.y.0), revision (x.y.z, z > 0).
    [Theory]
    [InlineData("1.2.3", "2.0.0", UmdReleaseKind.Major)]
    [InlineData("1.2.3", "1.3.0", UmdReleaseKind.Minor)]
    [InlineData("1.2.3", "1.2.4", UmdReleaseKind.Revision)]
    [InlineData("0.0.0", "0.0.1", UmdReleaseKind.Revision)]
    [InlineData("4.9.9", "5.0.0", UmdReleaseKind.Major)]
    public void Consecutive_releases_are_classified_without_warnings(string previous, string next, UmdReleaseKind kind)
    {
        var result = UmdVersion.Classify(UmdVersion.Parse(previous), UmdVersion.Parse(next));

        Assert.Equal(kind, result.Kind);
        Assert.Empty(result.Warnings);
        Assert.Empty(result.Errors);
        Assert.True(result.IsValid);
    }

    // SPEC §10: "an equal or older next is an error".
    [Theory]
    [InlineData("1.2.3", "1.2.3", "equals")]
    [InlineData("1.2.3", "1.2.2", "older")]
    [InlineData("2.0.0", "1.9.9", "older")]
    public void An_equal_or_older_next_version_is_an_error(string previous, string next, string word)
    {
        var result = UmdVersion.Classify(UmdVersion.Parse(previous), UmdVersion.Parse(next));

        Assert.Null(result.Kind);
        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Contains(word, error, StringComparison.Ordinal);
        Assert.Contains(previous, error, StringComparison.Ordinal);
    }

    // SPEC §10: "a skipped number is a warning".
    [Theory]
    [InlineData("1.2.0", "1.4.0", UmdReleaseKind.Minor, "skips minor version 1.3")]
    [InlineData("1.2.0", "1.6.0", UmdReleaseKind.Minor, "skips minor versions 1.3 to 1.5")]
    [InlineData("1.2.3", "1.2.5", UmdReleaseKind.Revision, "skips revision 1.2.4")]
    [InlineData("1.2.3", "3.0.0", UmdReleaseKind.Major, "skips major version 2")]
    [InlineData("1.2.3", "2.0.1", UmdReleaseKind.Major, "should start at 2.0.0")]
    [InlineData("1.2.3", "1.3.2", UmdReleaseKind.Minor, "should start at 1.3.0")]
    public void A_skipped_number_is_a_warning(string previous, string next, UmdReleaseKind kind, string warning)
    {
        var result = UmdVersion.Classify(UmdVersion.Parse(previous), UmdVersion.Parse(next));

        Assert.Equal(kind, result.Kind);
        Assert.True(result.IsValid);
        Assert.Contains(result.Warnings, w => w.Contains(warning, StringComparison.Ordinal));
    }

    // SPEC §10: "A ReleaseType that contradicts the classification is reported."
    [Theory]
    [InlineData("1.2.3", "2.0.0", ReleaseType.Incremental, "NonIncremental")]
    [InlineData("1.2.3", "1.3.0", ReleaseType.NonIncremental, "Incremental")]
    [InlineData("1.2.3", "1.2.4", ReleaseType.NonIncremental, "Incremental")]
    public void A_contradicting_release_type_is_an_error(string previous, string next, ReleaseType given, string expected)
    {
        var result = UmdVersion.Classify(UmdVersion.Parse(previous), UmdVersion.Parse(next), given);

        Assert.False(result.IsValid);
        Assert.NotNull(result.Kind);
        Assert.Equal(given, result.ReleaseType);
        Assert.Equal(Enum.Parse<ReleaseType>(expected), result.ExpectedReleaseType);
        var error = Assert.Single(result.Errors);
        Assert.Contains($"is {expected}", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.2.3", "2.0.0", ReleaseType.NonIncremental)]
    [InlineData("1.2.3", "1.3.0", ReleaseType.Incremental)]
    [InlineData("1.2.3", "1.2.4", ReleaseType.Incremental)]
    public void A_matching_release_type_is_accepted(string previous, string next, ReleaseType given)
    {
        Assert.True(UmdVersion.Classify(UmdVersion.Parse(previous), UmdVersion.Parse(next), given).IsValid);
    }
}
