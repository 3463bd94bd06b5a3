using SwRel.Repository.Planning;

namespace SwRel.Repository.Tests;

public sealed class RepositoryPathTests
{
    // SPEC §11: paths are repository-relative, '/'-separated, no leading or trailing '/'.
    [Theory]
    [InlineData("/sw/unverified")]
    [InlineData("sw/unverified/")]
    [InlineData("sw//unverified")]
    [InlineData("sw/../etc")]
    [InlineData("sw/./x")]
    [InlineData("sw/a\u0001b")]
    public void Malformed_paths_are_refused_with_a_reason(string text)
    {
        Assert.False(RepositoryPath.TryParse(text, out _, out var error));
        Assert.Contains(text, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Combine_joins_segments_with_slashes()
    {
        var path = RepositoryPath.Parse("sw/production").Combine("umd/4", "sl6", "x86_64");
        Assert.Equal("sw/production/umd/4/sl6/x86_64", path.Value);
    }
}
