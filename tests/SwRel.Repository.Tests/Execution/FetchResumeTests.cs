using System.Security.Cryptography;
using System.Text;
using SwRel.Domain.Workflow;
using SwRel.Metadata.Checksums;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using SwRel.Repository.Tests.Transports;
using SwRel.Repository.Transports;

namespace SwRel.Repository.Tests.Execution;

// A package-by-package fetch that does not commit keeps what arrived whole, so the next run (a retry, or the run after a
// crash) downloads only what is missing, and still checks every kept file against the manifest.
public sealed class FetchResumeTests : IDisposable
{
    private const string Destination = "unverified/umd-4/argus/1.7.3";
    private readonly TempTree _repo = new();
    private readonly LocalHttpServer _server = new();
    private readonly HttpClient _client = new();

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _repo.Dispose();
    }

    [Fact]
    public async Task A_fetch_that_failed_keeps_its_whole_files_and_the_next_run_downloads_only_the_rest()
    {
        _server.Files["argus-pap.rpm"] = Bytes("pap\n");
        var plan = Plan(("argus-pap.rpm", "pap\n"), ("argus-pdp.rpm", "pdp\n"));

        await Assert.ThrowsAsync<PlanExecutionException>(() => Executor(plan.Manifest).ApplyAsync(plan.Plan, _repo.Root, CancellationToken.None));

        Assert.False(Directory.Exists(_repo.PathOf(Destination)));
        lock (_server.Requests)
        {
            _server.Requests.Clear();
        }

        _server.Files["argus-pdp.rpm"] = Bytes("pdp\n");
        await Executor(plan.Manifest).ApplyAsync(plan.Plan, _repo.Root, CancellationToken.None);

        lock (_server.Requests)
        {
            Assert.Equal(["argus-pdp.rpm"], _server.Requests);
        }

        Assert.Equal("pap\n", _repo.Read(Destination + "/argus-pap.rpm"));
        Assert.Equal("pdp\n", _repo.Read(Destination + "/argus-pdp.rpm"));
        Assert.Empty(Directory.GetFileSystemEntries(_repo.PathOf(".swrel/fetched")));
    }

    [Fact]
    public async Task A_kept_file_that_no_longer_matches_the_manifest_is_downloaded_again_and_a_partial_download_is_not_published()
    {
        _server.Files["argus-pap.rpm"] = Bytes("pap\n");
        var plan = Plan(("argus-pap.rpm", "pap\n"), ("argus-pdp.rpm", "pdp\n"));
        await Assert.ThrowsAsync<PlanExecutionException>(() => Executor(plan.Manifest).ApplyAsync(plan.Plan, _repo.Root, CancellationToken.None));
        var kept = Assert.Single(Directory.GetDirectories(_repo.PathOf(".swrel/fetched")));
        File.WriteAllText(Path.Combine(kept, "argus-pap.rpm"), "pa?\n");
        File.WriteAllText(Path.Combine(kept, HashedDownload.PartialPrefix + "0123"), "half");
        lock (_server.Requests)
        {
            _server.Requests.Clear();
        }

        _server.Files["argus-pdp.rpm"] = Bytes("pdp\n");
        await Executor(plan.Manifest).ApplyAsync(plan.Plan, _repo.Root, CancellationToken.None);

        lock (_server.Requests)
        {
            Assert.Equal(["argus-pap.rpm", "argus-pdp.rpm"], _server.Requests.Order(StringComparer.Ordinal));
        }

        Assert.Equal("pap\n", _repo.Read(Destination + "/argus-pap.rpm"));
        Assert.Equal(["argus-pap.rpm", "argus-pdp.rpm"], Directory.GetFileSystemEntries(_repo.PathOf(Destination)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    // One download at a time, in order, so that the first run has finished the first file when the second fails.
    private PlanExecutor Executor(ChecksumManifest manifest) =>
        new(new ReleaseStepHandler(new TransportFactory(new TransportOptions { MaxParallelDownloads = 1 }, _client), new ReleaseStepHandlerOptions { Manifest = manifest }));

    private (RepositoryPlan Plan, ChecksumManifest Manifest) Plan(params (string Name, string Content)[] files)
    {
        var fetch = new FetchStep(FetchStep.PackagesProtocol, FetchStep.PackagesSource, RepositoryPath.Parse(Destination))
        {
            Packages = [.. files.Select(f => new PackageSource(_server.Url(f.Name), f.Name))],
        };
        var manifest = new ChecksumManifest(
            ManifestFormat.Metalink4,
            [.. files.Select(f => ChecksumEntry.Create(f.Name, Encoding.UTF8.GetByteCount(f.Content), ChecksumAlgorithm.Sha256, Convert.ToHexStringLower(SHA256.HashData(Bytes(f.Content)))))]);
        return (new RepositoryPlan(RolloutProgress.Submitted, RolloutProgress.Unverified, null, [fetch]), manifest);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
