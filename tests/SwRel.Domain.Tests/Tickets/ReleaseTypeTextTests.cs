using SwRel.Domain.Tickets;

namespace SwRel.Domain.Tests.Tickets;

public sealed class ReleaseTypeTextTests
{
    // SPEC §3: ReleaseType is Incremental or NonIncremental.
    [Theory]
    [InlineData("Incremental", ReleaseType.Incremental)]
    [InlineData("incremental", ReleaseType.Incremental)]
    [InlineData("NONINCREMENTAL", ReleaseType.NonIncremental)]
    public void Both_names_parse_in_any_case(string text, ReleaseType expected)
    {
        Assert.True(ReleaseTypeText.TryParse(text, out var releaseType));
        Assert.Equal(expected, releaseType);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("+1")]
    [InlineData(" Incremental")]
    [InlineData("Delta")]
    public void Numbers_padding_and_unknown_names_are_refused(string? text) =>
        Assert.False(ReleaseTypeText.TryParse(text, out _));
}
