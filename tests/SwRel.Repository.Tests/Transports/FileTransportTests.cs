using SwRel.Repository.Tests.Execution;
using SwRel.Repository.Transports;

namespace SwRel.Repository.Tests.Transports;

public sealed class FileTransportTests
{
    [Fact]
    public async Task A_file_url_copies_the_directory_and_replaces_what_the_destination_held()
    {
        using var source = new TempTree();
        source.Write("argus/RPMS/a.rpm", "a\n").Write("argus/release.xml", "<r/>\n");
        using var destination = new TempTree();
        destination.Write("stale.txt", "old\n");

        var result = await new FileTransport(new TransportOptions()).FetchAsync(new Uri(source.PathOf("argus")).AbsoluteUri, destination.Root, CancellationToken.None);

        Assert.Equal(["RPMS/a.rpm", "release.xml"], result.Files.ToArray());
        Assert.False(destination.Exists("stale.txt"));
        Assert.Equal("a\n", destination.Read("RPMS/a.rpm"));
    }

    [Fact]
    public async Task An_absolute_path_is_accepted()
    {
        using var source = new TempTree();
        source.Write("a.rpm", "a\n");
        using var destination = new TempTree();

        var result = await new FileTransport(new TransportOptions()).FetchAsync(source.Root, destination.PathOf("new/folder"), CancellationToken.None);

        Assert.Equal(["a.rpm"], result.Files.ToArray());
    }

    // As rsync's --no-devices --no-specials: a FIFO in a provider's tree would make a reader wait forever.
    [Fact]
    public async Task A_FIFO_in_the_source_is_skipped_without_being_opened()
    {
        using var source = new TempTree();
        source.Write("a.rpm", "a\n");
        Fifo.Make(source.PathOf("sub/pipe.rpm"));
        using var destination = new TempTree();

        var result = await new FileTransport(new TransportOptions()).FetchAsync(source.Root, destination.Root, CancellationToken.None)
            .WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(["a.rpm"], result.Files.ToArray());
        Assert.False(destination.Exists("sub/pipe.rpm"));
    }

    [Fact]
    public async Task A_link_inside_the_destination_is_deleted_itself_and_its_target_kept()
    {
        using var source = new TempTree();
        source.Write("sub/a.rpm", "a\n");
        using var outside = new TempTree();
        outside.Write("keep.txt", "keep\n");
        using var destination = new TempTree();
        Directory.CreateSymbolicLink(destination.PathOf("sub"), outside.Root);

        var result = await new FileTransport(new TransportOptions()).FetchAsync(source.Root, destination.Root, CancellationToken.None);

        Assert.Equal(["sub/a.rpm"], result.Files.ToArray());
        Assert.Equal("keep\n", outside.Read("keep.txt"));
        Assert.Single(Directory.GetFileSystemEntries(outside.Root));
    }

    [Fact]
    public async Task Symbolic_links_in_the_source_are_skipped_and_hidden_files_kept()
    {
        using var source = new TempTree();
        source.Write("a.rpm", "a\n").Write(".hidden", "h\n");
        using var secret = new TempTree();
        secret.Write("secret.txt", "secret\n");
        File.CreateSymbolicLink(source.PathOf("escape.rpm"), secret.PathOf("secret.txt"));
        Directory.CreateSymbolicLink(source.PathOf("elsewhere"), secret.Root);
        using var destination = new TempTree();

        var result = await new FileTransport(new TransportOptions()).FetchAsync(source.Root, destination.Root, CancellationToken.None);

        Assert.Equal([".hidden", "a.rpm"], result.Files.ToArray());
    }

    [Theory]
    [InlineData("file:///no/such/folder")]
    [InlineData("relative/path")]
    [InlineData("file://otherhost/share")]
    public async Task Unusable_sources_are_refused_naming_the_source(string source)
    {
        using var destination = new TempTree();

        var error = await Assert.ThrowsAsync<TransportException>(() =>
            new FileTransport(new TransportOptions()).FetchAsync(source, destination.Root, CancellationToken.None));

        Assert.Contains(source, error.Message, StringComparison.Ordinal);
    }
}
