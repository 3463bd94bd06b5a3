using Microsoft.Extensions.Options;
using SwRel.Domain.Tickets;
using SwRel.Repository.Transports;

namespace SwRel.Repository.Tests.Transports;

public sealed class TransportFactoryTests
{
    private static readonly HttpClient Client = new();

    [Theory]
    [InlineData(SyncProtocol.Rsync, typeof(RsyncTransport))]
    [InlineData(SyncProtocol.Http, typeof(HttpTransport))]
    [InlineData(SyncProtocol.Https, typeof(HttpTransport))]
    [InlineData(SyncProtocol.File, typeof(FileTransport))]
    public void Each_supported_protocol_has_its_transport(SyncProtocol protocol, Type expected)
    {
        Assert.IsType(expected, new TransportFactory(new TransportOptions(), Client).Create(protocol));
    }

    // SPEC §12: "ftp: clear 'not supported' error".
    [Theory]
    [InlineData("ftp")]
    [InlineData("FTP")]
    public void Ftp_is_refused_with_a_clear_not_supported_error(string protocol)
    {
        var error = Assert.Throws<TransportException>(() => new TransportFactory(new TransportOptions(), Client).Create(protocol));

        Assert.Contains("not supported", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gopher")]
    [InlineData("")]
    [InlineData("3")]
    public void Unknown_protocols_are_refused_naming_them(string protocol)
    {
        var error = Assert.Throws<TransportException>(() => new TransportFactory(new TransportOptions(), Client).Create(protocol));

        Assert.Contains($"'{protocol}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Protocol_names_are_read_case_insensitively()
    {
        Assert.IsType<HttpTransport>(new TransportFactory(new TransportOptions(), Client).Create("HTTPS"));
    }

    [Fact]
    public void Invalid_options_are_refused_at_start_with_every_failure()
    {
        var options = new TransportOptions { Timeout = TimeSpan.Zero, RsyncPath = " ", RsyncDaemonPort = 70000 };

        var error = Assert.Throws<OptionsValidationException>(() => new TransportFactory(options, Client));

        Assert.Equal(3, error.Failures.Count());
    }
}
