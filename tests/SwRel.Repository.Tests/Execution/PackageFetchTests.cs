using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using SwRel.Domain.Workflow;
using SwRel.Metadata.Checksums;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using SwRel.Repository.Tests.Transports;
using SwRel.Repository.Transports;

namespace SwRel.Repository.Tests.Execution;

// SPEC §11: "a 0.2 descriptor whose synchURL is n/a or empty is fetched package by package from each UMDmeta:package
// url (http, https, file), saved under its filename ... The transport follows the URL's scheme."
public sealed class PackageFetchTests : IDisposable
{
    private const string Scratch = "scratch/release";
    private readonly TempTree _repo = new();
    private readonly TempTree _provider = new();
    private readonly LocalHttpServer _server = new();
    private readonly HttpClient _client = new();

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _provider.Dispose();
        _repo.Dispose();
    }

    [Fact]
    public async Task Packages_come_each_from_its_own_url_over_http_and_file_and_are_verified_as_they_arrive()
    {
        _server.Files["a/argus-pap.rpm"] = Bytes("pap\n");
        _server.Files["b/argus-pdp.rpm"] = Bytes("pdp\n");
        _provider.Write("local/argus-pep.rpm", "pep\n");
        var fetch = Fetch(
            new PackageSource(_server.Url("a/argus-pap.rpm"), "argus-pap.rpm"),
            new PackageSource(_server.Url("b/argus-pdp.rpm"), "argus-pdp.rpm"),
            new PackageSource(new Uri(_provider.PathOf("local/argus-pep.rpm")).AbsoluteUri, "argus-pep.rpm"));
        var handler = Handler(Manifest(("argus-pap.rpm", "pap\n"), ("argus-pdp.rpm", "pdp\n"), ("argus-pep.rpm", "pep\n")));

        var fetched = await handler.HandleAsync(Context(fetch), default);
        var verified = await handler.HandleAsync(Context(new VerifyStep(P(Scratch), "checksums.meta4")), default);

        Assert.Equal("pap\n", _repo.Read(Scratch + "/argus-pap.rpm"));
        Assert.Equal("pdp\n", _repo.Read(Scratch + "/argus-pdp.rpm"));
        Assert.Equal("pep\n", _repo.Read(Scratch + "/argus-pep.rpm"));
        Assert.Contains("fetched 3 files (12 bytes) from 3 package urls", fetched, StringComparison.Ordinal);
        Assert.Contains("3 verified as they arrived", fetched, StringComparison.Ordinal);

        // No second read: the verify step hashed nothing itself.
        Assert.Equal("verified 3 files against the given manifest (0 bytes read; 3 of them hashed while fetched)", verified);
    }

    [Fact]
    public async Task A_package_that_does_not_match_the_manifest_fails_the_fetch_by_name_and_is_not_kept()
    {
        _server.Files["argus-pap.rpm"] = Bytes("tampered\n");
        var fetch = Fetch(new PackageSource(_server.Url("argus-pap.rpm"), "argus-pap.rpm"));

        var error = await Assert.ThrowsAsync<TransportException>(
            async () => await Handler(Manifest(("argus-pap.rpm", "pap\n"))).HandleAsync(Context(fetch), default));

        Assert.Contains("'argus-pap.rpm' from 'http://127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not match the checksum manifest", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_repo.PathOf(Scratch)));
    }

    [Fact]
    public async Task A_file_already_complete_and_verified_is_not_fetched_again()
    {
        _server.Files["argus-pap.rpm"] = Bytes("pap\n");
        _server.Files["argus-pdp.rpm"] = Bytes("pdp\n");
        _repo.Write(Scratch + "/argus-pap.rpm", "pap\n");
        _repo.Write(Scratch + "/argus-pdp.rpm", "pd");
        var fetch = Fetch(
            new PackageSource(_server.Url("argus-pap.rpm"), "argus-pap.rpm"),
            new PackageSource(_server.Url("argus-pdp.rpm"), "argus-pdp.rpm"));

        var detail = await Handler(Manifest(("argus-pap.rpm", "pap\n"), ("argus-pdp.rpm", "pdp\n"))).HandleAsync(Context(fetch), default);

        lock (_server.Requests)
        {
            Assert.Equal(["argus-pdp.rpm"], _server.Requests);
        }

        Assert.Equal("pdp\n", _repo.Read(Scratch + "/argus-pdp.rpm"));
        Assert.Contains("1 already complete", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_package_url_that_answers_404_fails_the_fetch_naming_the_url_and_the_file()
    {
        var fetch = Fetch(new PackageSource(_server.Url("missing.rpm"), "argus-pap.rpm"));

        var error = await Assert.ThrowsAsync<TransportException>(
            async () => await Handler(Manifest(("argus-pap.rpm", "pap\n"))).HandleAsync(Context(fetch), default));

        Assert.Contains($"Fetching '{_server.Url("missing.rpm")}' for 'argus-pap.rpm' failed: HTTP 404", error.Message, StringComparison.Ordinal);
        Assert.Equal(404, error.HttpStatus);
    }

    [Fact]
    public async Task Many_packages_are_fetched_with_a_bounded_number_at_once()
    {
        var packages = new List<PackageSource>();
        var entries = new List<(string, string)>();
        for (var i = 0; i < 12; i++)
        {
            _server.Files[$"p{i}.rpm"] = Bytes($"package {i}\n");
            packages.Add(new PackageSource(_server.Url($"p{i}.rpm"), $"p{i}.rpm"));
            entries.Add(($"p{i}.rpm", $"package {i}\n"));
        }

        var handler = new ReleaseStepHandler(
            new TransportFactory(new TransportOptions { MaxParallelDownloads = 3 }, _client),
            new ReleaseStepHandlerOptions { Manifest = Manifest([.. entries]) });

        await handler.HandleAsync(Context(Fetch([.. packages])), default);
        var verified = await handler.HandleAsync(Context(new VerifyStep(P(Scratch), "checksums.meta4")), default);

        Assert.Equal(12, Directory.GetFiles(_repo.PathOf(Scratch)).Length);
        Assert.StartsWith("verified 12 files", verified, StringComparison.Ordinal);
    }

    // http(s) and per-package downloads are hashed while they are written: no second read of the file.
    [Fact]
    public async Task A_whole_release_over_http_is_hashed_as_it_arrives_so_verify_reads_nothing_again()
    {
        _server.Files["release/SHA256SUMS"] = Bytes($"{Hash("voms\n")}  RPMS/voms.rpm\n");
        _server.Files["release/RPMS/voms.rpm"] = Bytes("voms\n");
        var handler = Handler(Manifest(("RPMS/voms.rpm", "voms\n")));
        var fetch = new FetchStep("http", _server.Url("release/SHA256SUMS"), P(Scratch));
        Directory.CreateDirectory(_repo.PathOf(Scratch));

        await handler.HandleAsync(Context(fetch), default);
        var verified = await handler.HandleAsync(Context(new VerifyStep(P(Scratch), "SHA256SUMS")), default);

        Assert.Equal("verified 1 files against the given manifest (0 bytes read; 1 of them hashed while fetched)", verified);
    }

    [Fact]
    public async Task A_file_changed_after_the_fetch_is_hashed_again_by_the_verify_step()
    {
        _server.Files["argus-pap.rpm"] = Bytes("pap\n");
        var handler = Handler(Manifest(("argus-pap.rpm", "pap\n")));
        await handler.HandleAsync(Context(Fetch(new PackageSource(_server.Url("argus-pap.rpm"), "argus-pap.rpm"))), default);
        _repo.Write(Scratch + "/argus-pap.rpm", "changed\n");

        var error = await Assert.ThrowsAsync<RepositoryActionException>(
            async () => await handler.HandleAsync(Context(new VerifyStep(P(Scratch), "checksums.meta4")), default));

        Assert.Contains("argus-pap.rpm: SizeMismatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fetch_needing_more_room_than_the_disk_has_fails_before_writing_naming_the_folder_and_the_space()
    {
        _server.Files["argus-pap.rpm"] = Bytes("pap\n");
        var fetch = Fetch(new PackageSource(_server.Url("argus-pap.rpm"), "argus-pap.rpm"));
        var disk = new DriveInfo(_repo.Root).TotalSize;
        var options = new ReleaseStepHandlerOptions { Manifest = Manifest(("argus-pap.rpm", "pap\n")), FreeSpaceMargin = disk + 1 };

        var error = await Assert.ThrowsAsync<RepositoryActionException>(
            async () => await new ReleaseStepHandler(new TransportFactory(new TransportOptions(), _client), options).HandleAsync(Context(fetch), default));

        Assert.StartsWith($"Not enough free space to fetch into {_repo.PathOf(Scratch)}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"({disk + 5} bytes) needed (the release's 4 bytes plus a margin of ", error.Message, StringComparison.Ordinal);
        Assert.Contains(" free.", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_repo.PathOf(Scratch)));
    }

    [Fact]
    public async Task The_release_size_the_manifest_states_counts_against_the_free_space_even_without_a_margin()
    {
        _server.Files["argus-pap.rpm"] = Bytes("pap\n");
        var fetch = Fetch(new PackageSource(_server.Url("argus-pap.rpm"), "argus-pap.rpm"));
        var disk = new DriveInfo(_repo.Root).TotalSize;
        var huge = new ChecksumManifest(ManifestFormat.Metalink4, [ChecksumEntry.Create("argus-pap.rpm", disk + 1, ChecksumAlgorithm.Sha256, Hash("pap\n"))]);
        var options = new ReleaseStepHandlerOptions { Manifest = huge, FreeSpaceMargin = 0 };

        var error = await Assert.ThrowsAsync<RepositoryActionException>(
            async () => await new ReleaseStepHandler(new TransportFactory(new TransportOptions(), _client), options).HandleAsync(Context(fetch), default));

        Assert.Contains($"({disk + 1} bytes) needed (the release's ", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_repo.PathOf(Scratch)));
    }

    [Fact]
    public void A_negative_free_space_margin_is_refused_when_the_handler_is_built()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new ReleaseStepHandler(new TransportFactory(new TransportOptions(), _client), new ReleaseStepHandlerOptions { FreeSpaceMargin = -1 }));

        Assert.Contains("FreeSpaceMargin must not be negative", error.Message, StringComparison.Ordinal);
    }

    private ReleaseStepHandler Handler(ChecksumManifest manifest) =>
        new(new TransportFactory(new TransportOptions(), _client), new ReleaseStepHandlerOptions { Manifest = manifest });

    private FetchStep Fetch(params PackageSource[] packages)
    {
        Directory.CreateDirectory(_repo.PathOf(Scratch));
        return new FetchStep(FetchStep.PackagesProtocol, FetchStep.PackagesSource, P(Scratch)) { Packages = [.. packages] };
    }

    private PlanStepContext Context(PlanStep step) =>
        new(_repo.Root, new RepositoryPlan(RolloutProgress.Submitted, RolloutProgress.Unverified, null, [step]), 0, step);

    private static ChecksumManifest Manifest(params (string Path, string Content)[] files) =>
        new(ManifestFormat.Metalink4, [.. files.Select(f => ChecksumEntry.Create(f.Path, Encoding.UTF8.GetByteCount(f.Content), ChecksumAlgorithm.Sha256, Hash(f.Content)))]);

    private static string Hash(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static RepositoryPath P(string path) => RepositoryPath.Parse(path);
}
