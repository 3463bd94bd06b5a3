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

    // SPEC §3 and §11: the ticket's RepositoryURL and the repository's own paths follow one rule.
    [Theory]
    [InlineData("sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3", true)]
    [InlineData("/sw/unverified", false)]
    [InlineData("sw/../etc", false)]
    [InlineData("sw\\x", false)]
    public void The_path_type_and_the_ticket_rule_agree(string text, bool valid)
    {
        Assert.Equal(valid, RepositoryPath.TryParse(text, out _, out _));
        Assert.Equal(valid, SwRel.Domain.Tickets.RepositoryPathRule.FindProblem(text) is null);
    }
}
