using System.Text;
using SwRel.Repository.Tests.Execution;
using SwRel.Repository.Transports;
using SwRel.Rt.Tests.Fixtures;

namespace SwRel.Repository.Tests.Transports;

// SPEC §12: "http/https by streaming". The SyncURL names a manifest listing the release's files (docs/execution.md).
public sealed class HttpTransportTests
{
    private static readonly byte[] Rpm = Enumerable.Range(0, 300_000).Select(i => (byte)(i % 251)).ToArray();

    private static HttpTransport Transport(HttpClient client, TimeSpan? timeout = null) =>
        new(client, new TransportOptions { Timeout = timeout ?? TimeSpan.FromMinutes(2) });

    private static void Serve(LocalHttpServer server, string folder, string manifestName, string manifest)
    {
        server.Files[$"{folder}/{manifestName}"] = Encoding.UTF8.GetBytes(manifest);
        server.Files[$"{folder}/RPMS/argus 1.7.3.rpm"] = Rpm;
        server.Files[$"{folder}/release.xml"] = "<release/>\n"u8.ToArray();
    }

    [Fact]
    public async Task A_checksum_list_url_fetches_every_listed_file_and_keeps_the_list()
    {
        using var server = new LocalHttpServer();
        Serve(server, "argus/1.7.3", "SHA256SUMS", "# sums\nabc123  RPMS/argus 1.7.3.rpm\nSHA256 (release.xml) = 00ff\n");
        using var destination = new TempTree();
        using var client = new HttpClient();

        var result = await Transport(client).FetchAsync(server.Url("argus/1.7.3/SHA256SUMS"), destination.Root, CancellationToken.None);

        Assert.Equal(["RPMS/argus 1.7.3.rpm", "SHA256SUMS", "release.xml"], result.Files.ToArray());
        Assert.Equal(Rpm, File.ReadAllBytes(destination.PathOf("RPMS/argus 1.7.3.rpm")));
        Assert.Equal("<release/>\n", destination.Read("release.xml"));
        Assert.DoesNotContain(Directory.EnumerateFiles(destination.Root, "*", SearchOption.AllDirectories), f => f.EndsWith(".part", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_metalink_url_fetches_the_files_it_names()
    {
        using var server = new LocalHttpServer();
        Serve(server, "argus", "argus.meta4", """
            <?xml version="1.0" encoding="UTF-8"?>
            <metalink xmlns="urn:ietf:params:xml:ns:metalink">
              <file name="RPMS/argus 1.7.3.rpm"><size>300000</size><hash type="sha-256">00</hash></file>
              <file name="release.xml"><hash type="sha-256">00</hash></file>
            </metalink>
            """);
        using var destination = new TempTree();
        using var client = new HttpClient();

        var result = await Transport(client).FetchAsync(server.Url("argus/argus.meta4"), destination.Root, CancellationToken.None);

        Assert.Equal(["RPMS/argus 1.7.3.rpm", "argus.meta4", "release.xml"], result.Files.ToArray());
        Assert.Equal(Rpm.Length + 11 + server.Files["argus/argus.meta4"].Length, result.Bytes);
        Assert.Equal(Rpm, File.ReadAllBytes(destination.PathOf("RPMS/argus 1.7.3.rpm")));
    }

    [Fact]
    public async Task A_folder_url_reads_the_configured_manifest_inside_it()
    {
        using var server = new LocalHttpServer();
        Serve(server, "argus/1.7.3", "meta/sums.txt", "00  RPMS/argus 1.7.3.rpm\n00  release.xml\n");
        using var destination = new TempTree();
        using var client = new HttpClient();
        var transport = new HttpTransport(client, new TransportOptions { HttpManifestName = "meta/sums.txt" });

        var result = await transport.FetchAsync(server.Url("argus/1.7.3/"), destination.Root, CancellationToken.None);

        Assert.Equal(["RPMS/argus 1.7.3.rpm", "meta/sums.txt", "release.xml"], result.Files.ToArray());
        Assert.Equal(Rpm, File.ReadAllBytes(destination.PathOf("RPMS/argus 1.7.3.rpm")));
    }

    [Fact]
    public async Task A_missing_file_fails_with_its_url_and_the_http_status()
    {
        using var server = new LocalHttpServer();
        server.Files["argus/SHA256SUMS"] = "00  RPMS/gone.rpm\n"u8.ToArray();
        using var destination = new TempTree();
        using var client = new HttpClient();

        var error = await Assert.ThrowsAsync<TransportException>(() =>
            Transport(client).FetchAsync(server.Url("argus/SHA256SUMS"), destination.Root, CancellationToken.None));

        Assert.Equal(404, error.HttpStatus);
        Assert.Contains(server.Url("argus/RPMS/gone.rpm"), error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 404", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_manifest_fails_with_its_url_and_the_http_status()
    {
        using var server = new LocalHttpServer();
        using var destination = new TempTree();
        using var client = new HttpClient();
        var url = server.Url("nothing/SHA256SUMS");

        var error = await Assert.ThrowsAsync<TransportException>(() => Transport(client).FetchAsync(url, destination.Root, CancellationToken.None));

        Assert.Equal(404, error.HttpStatus);
        Assert.Contains(url, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00  ../../etc/passwd\n")]
    [InlineData("00  /etc/passwd\n")]
    [InlineData("<metalink><file name='a/../../b'/></metalink>")]
    [InlineData("a.rpm\na.rpm\n")]
    public async Task A_manifest_naming_an_unsafe_or_repeated_path_is_refused_before_any_file_is_fetched(string manifest)
    {
        using var server = new LocalHttpServer();
        server.Files["evil/SHA256SUMS"] = Encoding.UTF8.GetBytes(manifest);
        using var destination = new TempTree();
        using var client = new HttpClient();

        var error = await Assert.ThrowsAsync<TransportException>(() =>
            Transport(client).FetchAsync(server.Url("evil/SHA256SUMS"), destination.Root, CancellationToken.None));

        Assert.Contains(server.Url("evil/SHA256SUMS"), error.Message, StringComparison.Ordinal);
        Assert.Equal(["evil/SHA256SUMS"], server.Requests.ToArray());
    }

    [Fact]
    public async Task A_stalled_server_times_out_with_an_error_naming_the_url()
    {
        using var server = new LocalHttpServer();
        server.Files["slow/SHA256SUMS"] = "00  a.rpm\n"u8.ToArray();
        server.Stalled.Add("slow/a.rpm");
        using var destination = new TempTree();
        using var client = new HttpClient();

        // The timeout bounds the whole fetch, the manifest's request included: it must be long enough for that request
        // to be answered on a loaded machine, or the error names the manifest instead of the stalled file.
        var error = await Assert.ThrowsAsync<TransportException>(() =>
            Transport(client, TimeSpan.FromSeconds(10)).FetchAsync(server.Url("slow/SHA256SUMS"), destination.Root, CancellationToken.None));

        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        Assert.Contains(server.Url("slow/a.rpm"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_fetch_throws_OperationCanceledException()
    {
        using var server = new LocalHttpServer();
        server.Stalled.Add("slow/SHA256SUMS");
        using var destination = new TempTree();
        using var client = new HttpClient();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Transport(client).FetchAsync(server.Url("slow/SHA256SUMS"), destination.Root, cancel.Token));
    }

    [Fact]
    public async Task A_refused_connection_fails_naming_the_url()
    {
        // A reserved port refuses connections, and stays ours: a port that was merely free could be taken by another
        // test's server before the fetch connects.
        using var refused = LoopbackPort.Reserve();
        var url = $"http://127.0.0.1:{refused.Port}/argus/SHA256SUMS";
        using var destination = new TempTree();
        using var client = new HttpClient();

        var error = await Assert.ThrowsAsync<TransportException>(() => Transport(client).FetchAsync(url, destination.Root, CancellationToken.None));

        Assert.Contains(url, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/a")]
    [InlineData("not a url")]
    public async Task Non_http_urls_are_refused(string url)
    {
        using var destination = new TempTree();
        using var client = new HttpClient();

        var error = await Assert.ThrowsAsync<TransportException>(() => Transport(client).FetchAsync(url, destination.Root, CancellationToken.None));

        Assert.Contains(url, error.Message, StringComparison.Ordinal);
    }
}
