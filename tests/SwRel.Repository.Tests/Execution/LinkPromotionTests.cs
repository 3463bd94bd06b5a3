using System.Diagnostics;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using static SwRel.Repository.Tests.Execution.Scenarios;

namespace SwRel.Repository.Tests.Execution;

/// <summary>Promotion within one file system gives the release's files new names instead of copying their bytes.</summary>
public sealed class LinkPromotionTests
{
    private const string Base = "sw/production/umd/4/centos7/x86_64/base";

    private static RepositoryPlan Promote(bool merge, string destination) =>
        IntoProduction() with { Steps = [new PromoteStep(P(StageRollout), P(destination), merge)] };

    [Theory]
    [InlineData(false, Base)]
    [InlineData(true, Updates)]
    public async Task A_promote_within_one_file_system_shares_each_file_with_its_source(bool merge, string destination)
    {
        using var repo = new TempTree();
        WriteRelease(repo, StageRollout, files: 3);

        var result = await new PlanExecutor().ApplyAsync(Promote(merge, destination), repo.Root, CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("; ", result.Conflicts));
        foreach (var file in new[] { "RPMS/argus-0.rpm", "RPMS/argus-2.rpm", "argus.xml" })
        {
            Assert.Equal(Stat(repo.PathOf(StageRollout + "/" + file), "%i"), Stat(repo.PathOf(destination + "/" + file), "%i"));
            Assert.Equal("2", Stat(repo.PathOf(destination + "/" + file), "%h"));
        }
    }

    [Fact]
    public async Task Published_files_are_read_only_so_no_name_can_change_the_shared_file()
    {
        using var repo = new TempTree();
        WriteRelease(repo, StageRollout, files: 2);

        await new PlanExecutor().ApplyAsync(Promote(merge: false, Base), repo.Root, CancellationToken.None);

        Assert.Equal("444", Stat(repo.PathOf(Base + "/RPMS/argus-1.rpm"), "%a"));
        Assert.Equal("444", Stat(repo.PathOf(Base + "/argus.xml"), "%a"));
    }

    [Fact]
    public async Task Across_file_systems_a_promote_copies_into_read_only_files_of_their_own()
    {
        using var repo = new TempTree();
        WriteRelease(repo, StageRollout, files: 3);
        var crossDevice = new CrossDeviceFileSystem();

        var result = await new PlanExecutor(null, crossDevice.For).ApplyAsync(Promote(merge: true, Updates), repo.Root, CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("; ", result.Conflicts));
        Assert.Equal(4, crossDevice.LinksRefused);
        var copy = repo.PathOf(Updates + "/RPMS/argus-1.rpm");
        Assert.Equal("argus package 1\n", File.ReadAllText(copy));
        Assert.NotEqual(Stat(repo.PathOf(StageRollout + "/RPMS/argus-1.rpm"), "%i"), Stat(copy, "%i"));
        Assert.Equal("444", Stat(copy, "%a"));
    }

    [Fact]
    public async Task A_rolled_back_promote_leaves_its_source_files_with_one_name_each()
    {
        using var repo = new TempTree();
        WriteRelease(repo, StageRollout, files: 2);
        var plan = IntoProduction() with
        {
            Steps = [new PromoteStep(P(StageRollout), P(Base), Merge: false), new RefreshIndexStep(P(Base))],
        };

        await Assert.ThrowsAsync<PlanExecutionException>(() =>
            new PlanExecutor(new FailingStepHandler()).ApplyAsync(plan, repo.Root, CancellationToken.None));

        Assert.False(repo.Exists(Base));
        Assert.Equal("1", Stat(repo.PathOf(StageRollout + "/RPMS/argus-0.rpm"), "%h"));
    }

    /// <summary>Reads one field of a file's status with coreutils' <c>stat</c> (inode number, link count, mode).</summary>
    private static string Stat(string path, string format)
    {
        using var process = Process.Start(new ProcessStartInfo("stat", ["-c", format, path]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }

    private sealed class FailingStepHandler : IPlanStepHandler
    {
        public bool CanHandle(string kind) => true;

        public ValueTask<string> HandleAsync(PlanStepContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the index command failed");
    }
}
