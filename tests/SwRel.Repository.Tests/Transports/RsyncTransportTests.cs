using System.Net;
using System.Net.Sockets;
using SwRel.Repository.Tests.Execution;
using SwRel.Repository.Transports;
using SwRel.Tests;

namespace SwRel.Repository.Tests.Transports;

// SPEC §12: "fetches through a transport (rsync by running the `rsync` program …)".
public sealed class RsyncTransportTests
{
    private static RsyncTransport Transport(TransportOptions? options = null)
    {
        options ??= new TransportOptions();
        options.RsyncPath = RequiredProgram.Rsync.Path();
        return new RsyncTransport(options);
    }

    private static void Release(TempTree tree, string folder)
    {
        tree.Write($"{folder}/RPMS/argus-1.7.3.rpm", "argus\n");
        tree.Write($"{folder}/RPMS/noarch/argus-doc.rpm", "doc\n");
        tree.Write($"{folder}/checksums.meta4", "<metalink/>\n");
    }

    [Fact]
    public async Task An_rsync_url_fetches_the_module_path_from_a_daemon_and_deletes_stale_files()
    {
        using var daemon = new RsyncDaemon();
        Release(daemon.Module, "argus/1.7.3");
        using var destination = new TempTree();
        destination.Write("stale.txt", "old\n");
        var url = $"rsync://127.0.0.1:{daemon.Port}/releases/argus/1.7.3";

        var result = await Transport().FetchAsync(url, destination.Root, CancellationToken.None);

        Assert.Equal(["RPMS/argus-1.7.3.rpm", "RPMS/noarch/argus-doc.rpm", "checksums.meta4"], result.Files.ToArray());
        Assert.Equal("doc\n", destination.Read("RPMS/noarch/argus-doc.rpm"));
        Assert.False(destination.Exists("stale.txt"));
        Assert.Equal(url, result.Source);
        Assert.Equal(6 + 4 + 12, result.Bytes);
    }

    [Fact]
    public async Task A_host_double_colon_module_source_fetches_from_the_daemon()
    {
        using var daemon = new RsyncDaemon();
        Release(daemon.Module, "argus");
        using var destination = new TempTree();
        var options = new TransportOptions { RsyncPath = RequiredProgram.Rsync.Path(), RsyncDaemonPort = daemon.Port };

        var result = await new RsyncTransport(options).FetchAsync("127.0.0.1::releases/argus", destination.Root, CancellationToken.None);

        Assert.Equal(3, result.Files.Length);
        Assert.Equal("argus\n", destination.Read("RPMS/argus-1.7.3.rpm"));
    }

    [Fact]
    public async Task A_local_path_is_synchronised_with_rsync()
    {
        using var source = new TempTree();
        Release(source, "argus");
        using var destination = new TempTree();

        var result = await Transport().FetchAsync(source.PathOf("argus"), destination.Root, CancellationToken.None);

        Assert.Equal(3, result.Files.Length);
        Assert.Equal("argus\n", destination.Read("RPMS/argus-1.7.3.rpm"));
    }

    [Fact]
    public async Task Symbolic_links_leading_out_of_the_source_are_not_fetched()
    {
        using var source = new TempTree();
        Release(source, "argus");
        using var secret = new TempTree();
        secret.Write("secret.txt", "secret\n");
        File.CreateSymbolicLink(source.PathOf("argus/RPMS/escape.rpm"), secret.PathOf("secret.txt"));
        using var destination = new TempTree();

        var result = await Transport().FetchAsync(source.PathOf("argus"), destination.Root, CancellationToken.None);

        Assert.DoesNotContain("RPMS/escape.rpm", result.Files);
        Assert.False(File.Exists(destination.PathOf("RPMS/escape.rpm")));
    }

    [Fact]
    public async Task A_missing_module_fails_with_the_url_the_exit_status_and_rsyncs_message()
    {
        using var daemon = new RsyncDaemon();
        using var destination = new TempTree();
        var url = $"rsync://127.0.0.1:{daemon.Port}/nosuchmodule/argus";

        var error = await Assert.ThrowsAsync<TransportException>(() => Transport().FetchAsync(url, destination.Root, CancellationToken.None));

        Assert.Contains(url, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.ExitStatus);
        Assert.NotEqual(0, error.ExitStatus);
        Assert.Contains($"exit status {error.ExitStatus}", error.Message, StringComparison.Ordinal);
        Assert.Contains("nosuchmodule", error.Message.Replace(url, "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(url, error.Url);
    }

    [Fact]
    public async Task A_silent_server_times_out_with_an_error_naming_the_url()
    {
        RequiredProgram.Rsync.Path();
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var destination = new TempTree();
        var url = $"rsync://127.0.0.1:{port}/releases/argus";

        var error = await Assert.ThrowsAsync<TransportException>(() =>
            Transport(new TransportOptions { Timeout = TimeSpan.FromMilliseconds(700) }).FetchAsync(url, destination.Root, CancellationToken.None));

        Assert.Contains(url, error.Message, StringComparison.Ordinal);
        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_fetch_throws_OperationCanceledException()
    {
        RequiredProgram.Rsync.Path();
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var destination = new TempTree();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Transport().FetchAsync($"rsync://127.0.0.1:{port}/releases/argus", destination.Root, cancel.Token));
    }

    [Theory]
    [InlineData("--rsh=evil")]
    [InlineData("host:/some/path")]
    [InlineData("rsync://")]
    [InlineData("::module")]
    [InlineData("/no/such/local/folder")]
    public async Task Unusable_sources_are_refused_naming_the_source_before_rsync_runs(string source)
    {
        using var destination = new TempTree();

        // No program at this path: a source that got as far as starting rsync would fail with "could not be started".
        var transport = new RsyncTransport(new TransportOptions { RsyncPath = "/no/such/rsync" });
        var error = await Assert.ThrowsAsync<TransportException>(() => transport.FetchAsync(source, destination.Root, CancellationToken.None));

        Assert.Contains(source, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("could not be started", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_rsync_program_is_an_error_saying_to_install_it()
    {
        using var source = new TempTree();
        using var destination = new TempTree();
        var transport = new RsyncTransport(new TransportOptions { RsyncPath = "/no/such/rsync" });

        var error = await Assert.ThrowsAsync<TransportException>(() => transport.FetchAsync(source.Root, destination.Root, CancellationToken.None));

        Assert.Contains("install rsync", error.Message, StringComparison.Ordinal);
    }
}
