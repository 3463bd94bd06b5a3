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
}
