using SwRel.Domain.Tickets;

namespace SwRel.Domain.Tests.Tickets;

public sealed class MajorReleaseTests
{
    // A major release names one tree in the repository: sw/production/umd/4 and sw/unverified/umd-4.…; any spelling
    // that reads as the same name must give the same tree.
    [Theory]
    [InlineData("umd-4", "umd", 4)]
    [InlineData("UMD-4", "umd", 4)]
    [InlineData("Umd-04", "umd", 4)]
    [InlineData("CMD-OS-1", "cmd-os", 1)]
    [InlineData("ca-1", "ca", 1)]
    public void A_name_is_normalised_to_lower_case_and_a_plain_major_number(string text, string distribution, int major)
    {
        var release = MajorRelease.Parse(text);

        Assert.Equal(distribution, release.Distribution);
        Assert.Equal(major, release.Major);
        Assert.Equal($"{distribution}-{major}", release.Name);
        Assert.Equal(MajorRelease.Parse($"{distribution}-{major}"), release);
    }

    [Theory]
    [InlineData("umd4")]
    [InlineData("-4")]
    [InlineData("umd-")]
    [InlineData("umd 4-4")]
    [InlineData("umd-4a")]
    public void Names_that_are_not_a_distribution_a_dash_and_a_number_are_refused(string text)
    {
        Assert.False(MajorRelease.TryParse(text, out var release, out var error));
        Assert.Null(release);
        Assert.Contains(text, error, StringComparison.Ordinal);
    }
}
