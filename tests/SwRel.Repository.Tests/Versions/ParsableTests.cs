using SwRel.Repository.Versions;

namespace SwRel.Repository.Tests.Versions;

public sealed class ParsableTests
{
    [Fact]
    public void Every_version_type_parses_through_IParsable()
    {
        Assert.Equal(new UmdVersion(4, 7, 1), Parse<UmdVersion>("4.7.1"));
        Assert.Equal("1:2.0-1", Parse<RpmVersion>("1:2.0-1").ToString());
        Assert.Equal("1:2.30-1", Parse<DebianVersion>("1:2.30-1").ToString());
        Assert.Equal("1.0.0-rc.1", Parse<SemanticVersion>("1.0.0-rc.1").ToString());
    }

    [Fact]
    public void IParsable_TryParse_refuses_what_TryParse_refuses()
    {
        Assert.False(TryParse<UmdVersion>("1.2"));
        Assert.False(TryParse<RpmVersion>("1.0-"));
        Assert.False(TryParse<DebianVersion>("1:"));
        Assert.False(TryParse<SemanticVersion>("1.02.3"));
    }

    private static T Parse<T>(string text)
        where T : IParsable<T> => T.Parse(text, null);

    private static bool TryParse<T>(string text)
        where T : IParsable<T> => T.TryParse(text, null, out _);
}
