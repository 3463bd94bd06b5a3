using SwRel.Domain.Workflow;
using SwRel.IO;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using SwRel.Repository.Tests.Execution;
using SwRel.Repository.Transports;

namespace SwRel.Repository.Tests.Execution;

/// <summary>A fetch writes only into its destination inside the root, and an index command runs only on a folder inside it, whatever links the root holds.</summary>
public sealed class StepHandlerConfinementTests : IDisposable
{
    private readonly TempTree _repo = new();
    private readonly TempTree _provider = new();
    private readonly TempTree _outside = new();
    private readonly HttpClient _client = new();

    public StepHandlerConfinementTests()
    {
        _provider.Write("RPMS/a.rpm", "a\n");
        _outside.Write("keep.txt", "keep\n");
    }

    public void Dispose()
    {
        _client.Dispose();
        _repo.Dispose();
        _provider.Dispose();
        _outside.Dispose();
    }

    [Theory]
    [InlineData("file")]
    [InlineData("rsync")]
    public async Task A_fetch_into_a_folder_reached_through_a_link_is_refused_and_writes_nothing_outside(string protocol)
    {
        Directory.CreateDirectory(_repo.PathOf("sw"));
        Directory.CreateSymbolicLink(_repo.PathOf("sw/unverified"), _outside.Root);
        Directory.CreateDirectory(_outside.PathOf("release"));
        var step = new FetchStep(protocol, _provider.Root, RepositoryPath.Parse("sw/unverified/release"));

        var error = await Assert.ThrowsAnyAsync<IOException>(() => Handler().HandleAsync(Context(step), CancellationToken.None).AsTask());

        Assert.Contains($"'{_repo.PathOf("sw/unverified")}' is a symbolic link", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_outside.PathOf("release")));
    }

    [Theory]
    [InlineData("file")]
    [InlineData("rsync")]
    public async Task A_fetch_lands_in_its_destination_inside_the_root(string protocol)
    {
        var step = new FetchStep(protocol, _provider.Root, RepositoryPath.Parse(".swrel/scratch/release"));
        Directory.CreateDirectory(_repo.PathOf(".swrel/scratch/release"));

        var detail = await Handler().HandleAsync(Context(step), CancellationToken.None);

        Assert.Equal("a\n", _repo.Read(".swrel/scratch/release/RPMS/a.rpm"));
        Assert.Contains("fetched 1 files (2 bytes)", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_index_command_is_not_run_on_a_folder_reached_through_a_link()
    {
        Directory.CreateDirectory(_repo.PathOf("sw"));
        Directory.CreateSymbolicLink(_repo.PathOf("sw/production"), _outside.Root);
        var handler = new ReleaseStepHandler(
            new TransportFactory(new TransportOptions(), _client),
            new ReleaseStepHandlerOptions { AllowTreeManifest = true, RefreshIndexCommand = "touch", RefreshIndexArguments = ["{path}/marker"] });
        var step = new RefreshIndexStep(RepositoryPath.Parse("sw/production"));

        await Assert.ThrowsAsync<SymbolicLinkException>(() => handler.HandleAsync(Context(step), CancellationToken.None).AsTask());

        Assert.False(File.Exists(_outside.PathOf("marker")));
    }

    [Fact]
    public async Task A_verify_step_does_not_read_a_release_through_a_link()
    {
        _outside.Write("release/a.rpm", "secret\n");
        _outside.Write("release/SHA256SUMS", "ab2d8c2a7bf6d8e0ecbe7b5b2ec1a4fd0e1ce4fef4e02fd4d0bd88adbb1d1f89  a.rpm\n");
        Directory.CreateDirectory(_repo.PathOf("sw"));
        Directory.CreateSymbolicLink(_repo.PathOf("sw/unverified"), _outside.Root);
        var step = new VerifyStep(RepositoryPath.Parse("sw/unverified/release"), "SHA256SUMS");

        var error = await Assert.ThrowsAsync<SymbolicLinkException>(() => Handler().HandleAsync(Context(step), CancellationToken.None).AsTask());

        Assert.Equal(_repo.PathOf("sw/unverified"), error.Link);
    }

    // The index command gets its folder pinned: even when the folder is swapped for a link after the handler opened
    // it (here by the command itself, as an attacker racing it would), {path} still names the folder that was checked.
    [Fact]
    public async Task An_index_command_keeps_working_in_its_folder_when_a_link_is_swapped_in()
    {
        _repo.Write("sw/production/updates/keep.rpm", "x\n");
        var area = _repo.PathOf("sw/production/updates");
        var swap = $"mv '{area}' '{area}.moved' && ln -s '{_outside.Root}' '{area}' && touch \"$0/marker\"";
        var handler = new ReleaseStepHandler(
            new TransportFactory(new TransportOptions(), _client),
            new ReleaseStepHandlerOptions { AllowTreeManifest = true, RefreshIndexCommand = "sh", RefreshIndexArguments = ["-c", swap, "{path}"] });

        await handler.HandleAsync(Context(new RefreshIndexStep(RepositoryPath.Parse("sw/production/updates"))), CancellationToken.None);

        Assert.False(File.Exists(_outside.PathOf("marker")));
        Assert.True(File.Exists(area + ".moved/marker"));
    }

    private ReleaseStepHandler Handler() => new(new TransportFactory(new TransportOptions(), _client), new ReleaseStepHandlerOptions { AllowTreeManifest = true });

    private PlanStepContext Context(PlanStep step) =>
        new(_repo.Root, new RepositoryPlan(RolloutProgress.Submitted, RolloutProgress.Unverified, null, [step]), 0, step);
}
