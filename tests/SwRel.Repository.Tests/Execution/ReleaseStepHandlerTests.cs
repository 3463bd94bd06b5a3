using System.Security.Cryptography;
using System.Text;
using SwRel.Domain.Workflow;
using SwRel.Metadata.Checksums;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using SwRel.Repository.Tests.Execution;
using SwRel.Repository.Transports;

namespace SwRel.Repository.Tests.Execution;

public sealed class ReleaseStepHandlerTests : IDisposable
{
    private const string Release = "scratch/release";
    private readonly TempTree _repo = new();
    private readonly HttpClient _client = new();

    public void Dispose()
    {
        _client.Dispose();
        _repo.Dispose();
    }

    [Fact]
    public async Task A_manifest_in_a_subfolder_of_the_release_is_found_and_checked()
    {
        WriteRelease(intact: true, manifest: "meta/SHA256SUMS");

        var detail = await Handler(new ReleaseStepHandlerOptions { AllowTreeManifest = true }).HandleAsync(Context(new VerifyStep(P(Release), "meta/SHA256SUMS")), default);

        Assert.Equal("verified 1 files against meta/SHA256SUMS (5 bytes)", detail);
    }

    // SPEC §11: "a manifest found inside the provider's own tree is accepted only when an option allows it, since it
    // comes from the same source as the files it vouches for."
    [Fact]
    public async Task Without_a_given_manifest_the_one_in_the_fetched_tree_is_not_trusted_by_default()
    {
        WriteRelease(intact: true, manifest: "SHA256SUMS");

        var error = await Assert.ThrowsAsync<RepositoryActionException>(
            async () => await Handler(new ReleaseStepHandlerOptions()).HandleAsync(Context(new VerifyStep(P(Release), "SHA256SUMS")), default));

        Assert.Contains("No checksum manifest was given for scratch/release", error.Message, StringComparison.Ordinal);
        Assert.Contains("ReleaseChecksums attachment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_does_not_match_fails_naming_the_file_and_the_mismatch()
    {
        WriteRelease(intact: false, manifest: "SHA256SUMS");

        var error = await Assert.ThrowsAsync<RepositoryActionException>(
            async () => await Handler(new ReleaseStepHandlerOptions { AllowTreeManifest = true }).HandleAsync(Context(new VerifyStep(P(Release), "SHA256SUMS")), default));

        Assert.Contains("RPMS/voms.rpm: Mismatch", error.Message, StringComparison.Ordinal);
        Assert.Contains("checksum mismatch", error.Message, StringComparison.Ordinal);
    }

    // Every fetched file is published: one the manifest does not list would be published unchecked.
    [Fact]
    public async Task A_fetched_file_the_manifest_does_not_list_fails_the_step_by_name()
    {
        WriteRelease(intact: true, manifest: "SHA256SUMS");
        _repo.Write(Release + "/release.xml", "<release/>");
        _repo.Write(Release + "/RPMS/evil.rpm", "unchecked");

        var error = await Assert.ThrowsAsync<RepositoryActionException>(
            async () => await Handler(new ReleaseStepHandlerOptions { AllowTreeManifest = true }).HandleAsync(Context(new VerifyStep(P(Release), "SHA256SUMS")), default));

        Assert.Contains("1 fetched file(s) are not in the manifest and would be published unchecked: RPMS/evil.rpm.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("release.xml", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SHA256SUMS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_manifest_and_release_xml_may_stay_unlisted()
    {
        WriteRelease(intact: true, manifest: "meta/SHA256SUMS");
        _repo.Write(Release + "/release.xml", "<release/>");

        var detail = await Handler(new ReleaseStepHandlerOptions { AllowTreeManifest = true }).HandleAsync(Context(new VerifyStep(P(Release), "meta/SHA256SUMS")), default);

        Assert.Equal("verified 1 files against meta/SHA256SUMS (5 bytes)", detail);
    }

    [Fact]
    public async Task The_unlisted_files_named_are_capped_with_a_count_of_the_rest()
    {
        WriteRelease(intact: true, manifest: "SHA256SUMS");
        for (var i = 0; i < 14; i++)
        {
            _repo.Write($"{Release}/extra/{i:00}", "");
        }

        var error = await Assert.ThrowsAsync<RepositoryActionException>(
            async () => await Handler(new ReleaseStepHandlerOptions { AllowTreeManifest = true }).HandleAsync(Context(new VerifyStep(P(Release), "SHA256SUMS")), default));

        Assert.Contains("14 fetched file(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("extra/09; and 4 more.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("extra/10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_that_lists_no_file_fails_the_step()
    {
        _repo.Write(Release + "/RPMS/voms.rpm", "voms\n");
        _repo.Write(Release + "/checksums.meta4", "<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\"/>");

        var error = await Assert.ThrowsAsync<RepositoryActionException>(
            async () => await Handler(new ReleaseStepHandlerOptions { AllowTreeManifest = true }).HandleAsync(Context(new VerifyStep(P(Release), "checksums.meta4")), default));

        Assert.Contains("1:2: The manifest lists no files", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_given_manifest_without_entries_fails_the_step()
    {
        WriteRelease(intact: true, manifest: "SHA256SUMS");
        var empty = new ChecksumManifest(ManifestFormat.Metalink4, []);

        var error = await Assert.ThrowsAsync<RepositoryActionException>(
            async () => await Handler(new ReleaseStepHandlerOptions { AllowTreeManifest = true, Manifest = empty }).HandleAsync(Context(new VerifyStep(P(Release), "SHA256SUMS")), default));

        Assert.Contains("lists no files", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_that_is_a_link_or_a_fifo_is_refused_at_once_by_name()
    {
        WriteRelease(intact: true, manifest: "SHA256SUMS");
        using var outside = new TempTree();
        outside.Write("sums", File.ReadAllText(_repo.PathOf(Release + "/SHA256SUMS")));
        File.CreateSymbolicLink(_repo.PathOf(Release + "/linked"), outside.PathOf("sums"));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [_repo.PathOf(Release + "/pipe")]))
        {
            await mkfifo.WaitForExitAsync();
        }

        var handler = Handler(new ReleaseStepHandlerOptions { AllowTreeManifest = true });
        var linked = await Assert.ThrowsAsync<RepositoryActionException>(
            async () => await handler.HandleAsync(Context(new VerifyStep(P(Release), "linked")), default));
        var fifo = handler.HandleAsync(Context(new VerifyStep(P(Release), "pipe")), default).AsTask();

        Assert.Contains("is a symbolic link", linked.Message, StringComparison.Ordinal);
        Assert.Same(fifo, await Task.WhenAny(fifo, Task.Delay(TimeSpan.FromMinutes(2))));
        var error = await Assert.ThrowsAsync<RepositoryActionException>(() => fifo);
        Assert.Contains("FIFO", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_index_command_refresh_index_is_refused_unless_skipping_is_asked_for()
    {
        var strict = Handler(new ReleaseStepHandlerOptions { AllowTreeManifest = true });
        var lenient = Handler(new ReleaseStepHandlerOptions { AllowTreeManifest = true, SkipRefreshIndexWithoutCommand = true });

        Assert.False(strict.CanHandle(RefreshIndexStep.KindName));
        Assert.True(lenient.CanHandle(RefreshIndexStep.KindName));
        Assert.Contains("not refreshed", await lenient.HandleAsync(Context(new RefreshIndexStep(P(Release))), default), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_repository_url_is_handled_only_through_the_callback()
    {
        var without = Handler(new ReleaseStepHandlerOptions { AllowTreeManifest = true });
        var with = Handler(new ReleaseStepHandlerOptions { AllowTreeManifest = true, SetRepositoryUrl = (step, _) => ValueTask.FromResult("set " + step.Path) });

        Assert.False(without.CanHandle(SetRepositoryUrlStep.KindName));
        Assert.True(with.CanHandle(SetRepositoryUrlStep.KindName));
        Assert.Equal("set sw/x", await with.HandleAsync(Context(new SetRepositoryUrlStep(P("sw/x"))), default));
    }

    [Fact]
    public async Task The_index_arguments_are_read_once_when_the_handler_is_built()
    {
        var arguments = new List<string> { "{path}/built" };
        var options = new ReleaseStepHandlerOptions { AllowTreeManifest = true, RefreshIndexCommand = "touch", RefreshIndexArguments = arguments };
        var handler = Handler(options);
        arguments[0] = "{path}/changed";
        _repo.Write(Release + "/keep", "");

        await handler.HandleAsync(Context(new RefreshIndexStep(P(Release))), default);

        Assert.True(File.Exists(_repo.PathOf(Release + "/built")));
        Assert.False(File.Exists(_repo.PathOf(Release + "/changed")));
    }

    private ReleaseStepHandler Handler(ReleaseStepHandlerOptions options) =>
        new(new TransportFactory(new TransportOptions(), _client), options);

    private PlanStepContext Context(PlanStep step) =>
        new(_repo.Root, new RepositoryPlan(RolloutProgress.Submitted, RolloutProgress.Unverified, null, [step]), 0, step);

    private void WriteRelease(bool intact, string manifest)
    {
        _repo.Write(Release + "/RPMS/voms.rpm", "voms\n");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("voms\n")));
        // Entries are relative to the release's root, wherever the manifest file sits.
        _repo.Write(Release + "/" + manifest, (intact ? hash : new string('0', 64)) + "  RPMS/voms.rpm\n");
    }

    private static RepositoryPath P(string path) => RepositoryPath.Parse(path);
}
