using SwRel.Domain.Tickets;

namespace SwRel.Domain.Tests.Tickets;

public sealed class SyncProtocolTextTests
{
    // SPEC §3: SyncProtocol is rsync (default), http, https, ftp or file.
    [Theory]
    [InlineData("rsync", SyncProtocol.Rsync)]
    [InlineData("HTTP", SyncProtocol.Http)]
    [InlineData("Https", SyncProtocol.Https)]
    [InlineData("ftp", SyncProtocol.Ftp)]
    [InlineData("file", SyncProtocol.File)]
    public void Every_protocol_name_parses_in_any_case_and_formats_back_in_lower_case(string text, SyncProtocol expected)
    {
        Assert.True(SyncProtocolText.TryParse(text, out var protocol));
        Assert.Equal(expected, protocol);
        Assert.Equal(text.ToLowerInvariant(), protocol.ToName());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("+1")]
    [InlineData(" http")]
    [InlineData("scp")]
    public void Numbers_padding_and_unknown_names_are_refused(string? text) =>
        Assert.False(SyncProtocolText.TryParse(text, out _));

    [Fact]
    public void An_undefined_protocol_has_no_name() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ((SyncProtocol)42).ToName());

    [Theory]
    [InlineData("file:///srv/releases/argus", SyncProtocol.File)]
    [InlineData("file:/srv/releases/argus", SyncProtocol.File)]
    [InlineData("FILE://localhost/srv/argus", SyncProtocol.File)]
    [InlineData("rsync://provider.example.org/argus", SyncProtocol.Rsync)]
    [InlineData("http://provider.example.org/argus", SyncProtocol.Http)]
    [InlineData("https://provider.example.org/argus", SyncProtocol.Https)]
    [InlineData("ftp://provider.example.org/argus", SyncProtocol.Ftp)]
    public void A_url_scheme_names_its_protocol(string url, SyncProtocol expected)
    {
        Assert.True(SyncProtocolText.TryParseScheme(url, out var protocol));
        Assert.Equal(expected, protocol);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("provider.example.org::releases/argus")]
    [InlineData("/srv/releases/argus")]
    [InlineData("ssh://provider.example.org/argus")]
    [InlineData("https:provider.example.org")]
    [InlineData(":/x")]
    public void Sources_without_a_known_scheme_name_no_protocol(string? url) =>
        Assert.False(SyncProtocolText.TryParseScheme(url, out _));
}
