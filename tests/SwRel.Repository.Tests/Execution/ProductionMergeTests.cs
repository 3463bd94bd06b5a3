using SwRel.Domain.Workflow;
using SwRel.Metadata.Releases;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using SwRel.Repository.Tests.Planning;
using static SwRel.Domain.Workflow.RolloutProgress;

namespace SwRel.Repository.Tests.Execution;

/// <summary>
/// SPEC §11: "Into Production: promote into production base/updates (a merge: many releases share updates; a file of
/// the same name with other content is a conflict and nothing changes)". Two incremental releases of one product,
/// each walked through the planner's own plans, share one updates folder.
/// </summary>
public sealed class ProductionMergeTests
{
    private const string Updates = "sw/production/umd/4/centos7/x86_64/updates";
    private const string Stage174 = "sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/4";

    private static readonly RepositoryPlanner s_planner = new();
    private static readonly ReleaseDescriptor s_argus173 = Descriptors.Argus;
    private static readonly ReleaseDescriptor s_argus174 = Descriptors.Argus with { RevisionVersion = 4 };

    private static readonly (RolloutProgress From, RolloutProgress To)[] s_walk =
        [(Submitted, Unverified), (Unverified, StageRollout), (StageRollout, Production)];

    private static RepositoryPlan PlanFor(ReleaseDescriptor release, RolloutProgress from, RolloutProgress to) =>
        s_planner.Plan(PlanRequests.For(from, to, release));

    /// <summary>A provider's tree: packages, its own yum index and its own checksum manifest (both differ per release).</summary>
    private static TempTree Provider(string version, string pepContent)
    {
        var tree = new TempTree();
        tree.Write($"RPMS/argus-pep-api-{version}.rpm", pepContent);
        tree.Write($"RPMS/argus-pap-{version}.rpm", $"pap {version}\n");
        tree.Write("RPMS/argus-common-1.0.rpm", "common 1.0\n");
        tree.Write("repodata/repomd.xml", $"<repomd revision='{version}'/>\n");
        tree.Write("checksums.meta4", $"<metalink version='{version}'/>\n");
        return tree;
    }

    private static async Task WalkAsync(TempTree repo, ReleaseDescriptor release, TempTree provider, IEnumerable<(RolloutProgress From, RolloutProgress To)> walk)
    {
        var executor = new PlanExecutor(new FakeStepHandler(provider.Root));
        foreach (var (from, to) in walk)
        {
            var result = await executor.ApplyAsync(PlanFor(release, from, to), repo.Root, CancellationToken.None);
            Assert.True(result.Succeeded, $"{release.Version} {from} -> {to}: {string.Join("; ", result.Conflicts)}");
        }
    }

    [Fact]
    public async Task A_second_incremental_release_of_the_same_product_merges_into_updates_and_leaves_no_repo_files_there()
    {
        using var repo = new TempTree();
        using var first = Provider("1.7.3", "pep 1.7.3\n");
        using var second = Provider("1.7.4", "pep 1.7.4\n");
        await WalkAsync(repo, s_argus173, first, s_walk);

        await WalkAsync(repo, s_argus174, second, s_walk);

        Assert.Equal("pep 1.7.3\n", repo.Read(Updates + "/RPMS/argus-pep-api-1.7.3.rpm"));
        Assert.Equal("pap 1.7.3\n", repo.Read(Updates + "/RPMS/argus-pap-1.7.3.rpm"));
        Assert.Equal("pep 1.7.4\n", repo.Read(Updates + "/RPMS/argus-pep-api-1.7.4.rpm"));
        Assert.Equal("pap 1.7.4\n", repo.Read(Updates + "/RPMS/argus-pap-1.7.4.rpm"));
        Assert.Equal("common 1.0\n", repo.Read(Updates + "/RPMS/argus-common-1.0.rpm"));
        Assert.False(repo.Exists(Updates + "/repofiles"));
        Assert.False(repo.Exists(Updates + "/repodata"));
        Assert.False(repo.Exists(Updates + "/checksums.meta4"));
        Assert.False(repo.Exists(Stage174));
    }

    // Files a provider puts beside the packages that are per release (release.xml, a README) made the next
    // release of the same product conflict in the shared folder; only packages are merged, the rest stays with the release.
    [Fact]
    public async Task Per_release_files_stay_in_the_release_own_area_and_the_next_release_does_not_conflict()
    {
        using var repo = new TempTree();
        using var first = Provider("1.7.3", "pep 1.7.3\n");
        using var second = Provider("1.7.4", "pep 1.7.4\n");
        first.Write("release.xml", "<release version='1.7.3'/>\n").Write("README", "argus 1.7.3\n");
        second.Write("release.xml", "<release version='1.7.4'/>\n").Write("README", "argus 1.7.4\n");

        // An index built for an earlier area names packages that go to the shared folder, so it is not kept per release.
        first.Write("repodata/repomd.xml", "<repomd/>\n");
        await WalkAsync(repo, s_argus173, first, s_walk);

        await WalkAsync(repo, s_argus174, second, s_walk);

        Assert.False(repo.Exists(Updates + "/release.xml"));
        Assert.False(repo.Exists(Updates + "/README"));
        Assert.Equal("pep 1.7.4\n", repo.Read(Updates + "/RPMS/argus-pep-api-1.7.4.rpm"));
        Assert.Equal("<release version='1.7.3'/>\n", repo.Read("sw/production/umd/4/releases/umd-4.infn.argus.centos7.x86_64/1/7/3/release.xml"));
        Assert.Equal("argus 1.7.4\n", repo.Read("sw/production/umd/4/releases/umd-4.infn.argus.centos7.x86_64/1/7/4/README"));
        Assert.False(repo.Exists("sw/production/umd/4/releases/umd-4.infn.argus.centos7.x86_64/1/7/4/RPMS"));
        Assert.False(repo.Exists("sw/production/umd/4/releases/umd-4.infn.argus.centos7.x86_64/1/7/3/repodata"));
    }

    [Fact]
    public async Task Re_running_the_second_release_production_plan_changes_nothing()
    {
        using var repo = new TempTree();
        using var first = Provider("1.7.3", "pep 1.7.3\n");
        using var second = Provider("1.7.4", "pep 1.7.4\n");
        await WalkAsync(repo, s_argus173, first, s_walk);
        await WalkAsync(repo, s_argus174, second, s_walk);
        var after = TreeSnapshot.Take(repo.Root);

        var again = await new PlanExecutor(new FakeStepHandler(second.Root))
            .ApplyAsync(PlanFor(s_argus174, StageRollout, Production), repo.Root, CancellationToken.None);

        Assert.True(again.Succeeded);
        Assert.False(again.Changed);
        Assert.True(after.SameAs(TreeSnapshot.Take(repo.Root)));
    }

    [Fact]
    public async Task A_same_named_package_with_other_content_still_conflicts_and_changes_nothing()
    {
        using var repo = new TempTree();
        using var first = Provider("1.7.3", "pep 1.7.3\n");
        using var rebuilt = Provider("1.7.4", "pep 1.7.4\n");
        rebuilt.Write("RPMS/argus-common-1.0.rpm", "common 1.0, rebuilt\n");
        await WalkAsync(repo, s_argus173, first, s_walk);
        await WalkAsync(repo, s_argus174, rebuilt, s_walk[..2]);
        var before = TreeSnapshot.Take(repo.Root);
        var handler = new FakeStepHandler(rebuilt.Root);

        var result = await new PlanExecutor(handler)
            .ApplyAsync(PlanFor(s_argus174, StageRollout, Production), repo.Root, CancellationToken.None);

        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal(Updates + "/RPMS/argus-common-1.0.rpm", conflict.Path.Value);
        Assert.Contains("other content", conflict.Reason, StringComparison.Ordinal);
        Assert.Empty(result.Steps);
        Assert.Empty(handler.Calls);
        Assert.True(before.SameAs(TreeSnapshot.Take(repo.Root)));
    }

    [Fact]
    public async Task A_dry_run_of_the_second_release_reports_the_merge_without_the_excluded_names()
    {
        using var repo = new TempTree();
        using var first = Provider("1.7.3", "pep 1.7.3\n");
        using var second = Provider("1.7.4", "pep 1.7.4\n");
        await WalkAsync(repo, s_argus173, first, s_walk);
        await WalkAsync(repo, s_argus174, second, s_walk[..2]);
        var before = TreeSnapshot.Take(repo.Root);

        var result = await new PlanExecutor()
            .DryRunAsync(PlanFor(s_argus174, StageRollout, Production), repo.Root, CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("; ", result.Conflicts));
        var promote = result.Steps[0];
        Assert.Equal(PlanStepStatus.WouldApply, promote.Status);
        Assert.Equal(
            [Updates + "/RPMS/argus-pap-1.7.4.rpm", Updates + "/RPMS/argus-pep-api-1.7.4.rpm"],
            promote.Paths.Order(StringComparer.Ordinal));
        Assert.Contains("would copy 2 files", promote.Detail, StringComparison.Ordinal);
        Assert.Contains("leaving out 3 files", promote.Detail, StringComparison.Ordinal);
        Assert.True(before.SameAs(TreeSnapshot.Take(repo.Root)));
    }

    [Fact]
    public async Task A_merge_whose_source_is_still_there_counts_as_applied_without_the_excluded_names()
    {
        using var repo = new TempTree();
        using var first = Provider("1.7.3", "pep 1.7.3\n");
        using var second = Provider("1.7.4", "pep 1.7.4\n");
        await WalkAsync(repo, s_argus173, first, s_walk);
        await WalkAsync(repo, s_argus174, second, s_walk[..2]);
        var production = PlanFor(s_argus174, StageRollout, Production);
        var promoteOnly = production with { Steps = [production.Steps[0]] };
        var executor = new PlanExecutor();
        var applied = await executor.ApplyAsync(promoteOnly, repo.Root, CancellationToken.None);
        Assert.Equal(PlanStepStatus.Applied, Assert.Single(applied.Steps).Status);
        var after = TreeSnapshot.Take(repo.Root);

        var again = await executor.ApplyAsync(promoteOnly, repo.Root, CancellationToken.None);
        var dryRun = await executor.DryRunAsync(promoteOnly, repo.Root, CancellationToken.None);

        Assert.True(repo.Exists(Stage174 + "/repofiles"));
        Assert.Equal(PlanStepStatus.AlreadyApplied, Assert.Single(again.Steps).Status);
        Assert.Equal(PlanStepStatus.AlreadyApplied, Assert.Single(dryRun.Steps).Status);
        Assert.True(after.SameAs(TreeSnapshot.Take(repo.Root)));
    }
}
