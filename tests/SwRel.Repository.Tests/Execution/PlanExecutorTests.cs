using SwRel.Domain.Workflow;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using static SwRel.Repository.Tests.Execution.Scenarios;

namespace SwRel.Repository.Tests.Execution;

public sealed class PlanExecutorTests
{
    private static PlanExecutor Executor(IPlanStepHandler? handler = null) => new(handler);

    [Fact]
    public async Task Submitted_to_Unverified_publishes_the_fetched_release_and_cleans_scratch()
    {
        using var provider = new TempTree();
        WriteRelease(provider, "", files: 4);
        using var repo = new TempTree();
        var handler = new FakeStepHandler(provider.Root);

        var result = await Executor(handler).ApplyAsync(IntoUnverified(), repo.Root, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.True(result.Changed);
        Assert.Equal(["fetch", "verify", "set-repository-url"], handler.Calls);
        Assert.Equal("argus package 3\n", repo.Read(Unverified + "/RPMS/argus-3.rpm"));
        Assert.Equal("[argus]\nbaseurl=x\n", repo.Read(Unverified + "/repofiles/INFN.argus.centos7.x86_64.repo"));
        Assert.False(repo.Exists(Scratch));
        Assert.Empty(Directory.EnumerateFileSystemEntries(repo.PathOf(".swrel/journal")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(repo.PathOf(".swrel/staging")));
    }

    // SPEC §11: into Production is a merge — many releases share `updates`.
    [Fact]
    public async Task A_production_promote_merges_into_the_shared_updates_folder()
    {
        using var repo = new TempTree();
        SeedProduction(repo);
        var handler = new FakeStepHandler(repo.Root);

        var result = await Executor(handler).ApplyAsync(IntoProduction(), repo.Root, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("argus package 0\n", repo.Read(Updates + "/RPMS/argus-0.rpm"));
        Assert.Equal("voms package 0\n", repo.Read(Updates + "/RPMS/voms-0.rpm"));
        Assert.Equal("shared\n", repo.Read(Updates + "/RPMS/common.rpm"));
        Assert.False(repo.Exists(StageRollout));
        Assert.Contains(Updates + "/RPMS/argus-0.rpm", result.Steps[0].Paths);
        Assert.DoesNotContain(Updates + "/RPMS/common.rpm", result.Steps[0].Paths);
        Assert.DoesNotContain(result.Steps[0].Paths, p => p.Contains("/repofiles/", StringComparison.Ordinal) || p.Contains("/repodata/", StringComparison.Ordinal));
        Assert.Contains("leaving out 2 files under repofiles, repodata", result.Steps[0].Detail, StringComparison.Ordinal);
    }

    // The promote's exclusions leave the shared folder's own repo files and index alone.
    [Fact]
    public async Task A_production_promote_leaves_the_excluded_names_of_the_shared_folder_untouched()
    {
        using var repo = new TempTree();
        SeedProduction(repo);

        var result = await Executor(new FakeStepHandler(repo.Root)).ApplyAsync(IntoProduction(), repo.Root, CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("; ", result.Conflicts));
        Assert.Equal("[argus]\nbaseurl=an older release\n", repo.Read(Updates + "/repofiles/INFN.argus.repo"));
        Assert.Equal("<repomd>updates</repomd>\n", repo.Read(Updates + "/repodata/repomd.xml"));
    }

    [Fact]
    public async Task Without_its_exclusions_the_same_promote_conflicts_on_the_repo_file_and_the_index()
    {
        using var repo = new TempTree();
        SeedProduction(repo);
        var before = TreeSnapshot.Take(repo.Root);
        var plan = IntoProduction() with { Steps = [new PromoteStep(P(StageRollout), P(Updates), Merge: true)] };

        var result = await Executor().ApplyAsync(plan, repo.Root, CancellationToken.None);

        Assert.Equal(
            [Updates + "/repodata/repomd.xml", Updates + "/repofiles/INFN.argus.repo"],
            result.Conflicts.Select(c => c.Path.Value).Order(StringComparer.Ordinal));
        Assert.True(before.SameAs(TreeSnapshot.Take(repo.Root)));
    }

    // SPEC §11: "a file of the same name with other content is a conflict and nothing changes".
    [Fact]
    public async Task A_same_named_file_with_other_content_is_a_conflict_and_nothing_changes()
    {
        using var repo = new TempTree();
        SeedProduction(repo);
        repo.Write(Updates + "/RPMS/common.rpm", "another build\n");
        repo.Write(Updates + "/argus.xml", "<release name='another'/>\n");
        var before = TreeSnapshot.Take(repo.Root);
        var handler = new FakeStepHandler(repo.Root);

        var result = await Executor(handler).ApplyAsync(IntoProduction(), repo.Root, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Steps);
        Assert.Empty(handler.Calls);
        Assert.Equal(
            [Updates + "/RPMS/common.rpm", Updates + "/argus.xml"],
            result.Conflicts.Select(c => c.Path.Value).Order(StringComparer.Ordinal));
        Assert.All(result.Conflicts, c => Assert.Contains("other content", c.Reason, StringComparison.Ordinal));
        Assert.True(before.SameAs(TreeSnapshot.Take(repo.Root)));
    }

    [Fact]
    public async Task A_conflict_found_after_a_fetch_rolls_back_everything_the_run_did()
    {
        using var provider = new TempTree();
        WriteRelease(provider, "");
        using var repo = new TempTree();
        WriteRelease(repo, Unverified, "other");
        var before = TreeSnapshot.Take(repo.Root);

        var result = await Executor(new FakeStepHandler(provider.Root)).ApplyAsync(IntoUnverified(), repo.Root, CancellationToken.None);

        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal(Unverified, conflict.Path.Value);
        Assert.Equal(2, conflict.StepIndex);
        Assert.True(before.SameAs(TreeSnapshot.Take(repo.Root)));
    }

    [Fact]
    public async Task Applying_an_applied_plan_changes_nothing_and_succeeds()
    {
        using var repo = new TempTree();
        SeedUnverified(repo);
        await Executor().ApplyAsync(FileSystemOnly(), repo.Root, CancellationToken.None);
        var after = TreeSnapshot.Take(repo.Root);

        var again = await Executor().ApplyAsync(FileSystemOnly(), repo.Root, CancellationToken.None);

        Assert.True(again.Succeeded);
        Assert.False(again.Changed);
        Assert.All(again.Steps, s => Assert.Equal(PlanStepStatus.AlreadyApplied, s.Status));
        Assert.True(after.SameAs(TreeSnapshot.Take(repo.Root)));
    }

    [Fact]
    public async Task Applying_the_Unverified_plan_twice_leaves_the_tree_as_after_the_first()
    {
        using var provider = new TempTree();
        WriteRelease(provider, "");
        using var repo = new TempTree();
        var handler = new FakeStepHandler(provider.Root);
        await Executor(handler).ApplyAsync(IntoUnverified(), repo.Root, CancellationToken.None);
        var after = TreeSnapshot.Take(repo.Root);

        var again = await Executor(handler).ApplyAsync(IntoUnverified(), repo.Root, CancellationToken.None);

        Assert.True(again.Succeeded);
        Assert.Equal(PlanStepStatus.AlreadyApplied, again.Steps[2].Status);
        Assert.Equal(PlanStepStatus.AlreadyApplied, again.Steps[3].Status);
        Assert.True(after.SameAs(TreeSnapshot.Take(repo.Root)));
    }

    [Fact]
    public async Task Publishing_onto_a_folder_missing_one_of_the_files_is_a_conflict()
    {
        using var source = new TempTree();
        using var repo = new TempTree();
        WriteRelease(repo, "scratch/r", files: 2);
        repo.Write("sw/r/RPMS/argus-0.rpm", "argus package 0\n");
        var plan = new RepositoryPlan(RolloutProgress.Submitted, RolloutProgress.Unverified, null, [new PublishStep(P("scratch/r"), P("sw/r"))]);

        var result = await Executor().ApplyAsync(plan, repo.Root, CancellationToken.None);

        Assert.Equal("sw/r", Assert.Single(result.Conflicts).Path.Value);
    }

    [Fact]
    public async Task Applying_the_production_plan_twice_leaves_the_tree_as_after_the_first()
    {
        using var repo = new TempTree();
        SeedProduction(repo);
        var handler = new FakeStepHandler(repo.Root);
        await Executor(handler).ApplyAsync(IntoProduction(), repo.Root, CancellationToken.None);
        var after = TreeSnapshot.Take(repo.Root);

        var again = await Executor(handler).ApplyAsync(IntoProduction(), repo.Root, CancellationToken.None);

        Assert.True(again.Succeeded);
        Assert.False(again.Changed);
        Assert.True(after.SameAs(TreeSnapshot.Take(repo.Root)));
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_change_and_changes_nothing()
    {
        using var repo = new TempTree();
        SeedUnverified(repo);
        var before = TreeSnapshot.Take(repo.Root);

        var result = await Executor().DryRunAsync(FileSystemOnly(), repo.Root, CancellationToken.None);

        Assert.True(result.DryRun);
        Assert.True(result.Succeeded);
        Assert.Equal(
            [PlanStepStatus.WouldApply, PlanStepStatus.WouldApply, PlanStepStatus.WouldApply, PlanStepStatus.WouldApply],
            result.Steps.Select(s => s.Status));
        Assert.Contains("would copy 4 files", result.Steps[0].Detail, StringComparison.Ordinal);
        Assert.Contains("would replace repofiles/existing.repo", result.Steps[2].Detail, StringComparison.Ordinal);
        Assert.True(before.SameAs(TreeSnapshot.Take(repo.Root)));
        Assert.False(repo.Exists(".swrel/journal"));
    }

    [Fact]
    public async Task A_dry_run_of_a_fetching_plan_follows_the_fetched_folder_through_later_steps()
    {
        using var repo = new TempTree();

        var result = await Executor().DryRunAsync(IntoUnverified(), repo.Root, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(
            [PlanStepStatus.WouldDelegate, PlanStepStatus.WouldDelegate, PlanStepStatus.WouldApply, PlanStepStatus.WouldApply, PlanStepStatus.WouldDelegate, PlanStepStatus.WouldApply],
            result.Steps.Select(s => s.Status));
    }

    [Fact]
    public async Task A_dry_run_lists_merge_conflicts()
    {
        using var repo = new TempTree();
        SeedProduction(repo);
        repo.Write(Updates + "/RPMS/common.rpm", "another build\n");

        var result = await Executor().DryRunAsync(IntoProduction(), repo.Root, CancellationToken.None);

        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal(Updates + "/RPMS/common.rpm", conflict.Path.Value);
    }

    [Fact]
    public async Task A_plan_needing_a_handler_is_refused_before_anything_changes_when_none_is_configured()
    {
        using var repo = new TempTree();
        SeedProduction(repo);
        var before = TreeSnapshot.Take(repo.Root);

        var error = await Assert.ThrowsAsync<PlanExecutionException>(() => Executor().ApplyAsync(IntoProduction(), repo.Root, CancellationToken.None));

        Assert.Equal(1, error.StepIndex);
        Assert.Equal("refresh-index", error.StepKind);
        Assert.Contains("handler", error.Message, StringComparison.Ordinal);
        Assert.True(before.SameAs(TreeSnapshot.Take(repo.Root)));
    }

    [Fact]
    public async Task A_failing_handler_rolls_the_run_back_and_names_the_step()
    {
        using var provider = new TempTree();
        WriteRelease(provider, "");
        using var repo = new TempTree();
        repo.Write("other/file.txt", "x");
        var before = TreeSnapshot.Take(repo.Root);
        var handler = new FakeStepHandler(provider.Root) { FailOn = "set-repository-url" };

        var error = await Assert.ThrowsAsync<PlanExecutionException>(() => Executor(handler).ApplyAsync(IntoUnverified(), repo.Root, CancellationToken.None));

        Assert.Equal(4, error.StepIndex);
        Assert.Equal("set-repository-url", error.StepKind);
        Assert.True(error.RolledBack);
        Assert.Contains("failed on purpose", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.True(before.SameAs(TreeSnapshot.Take(repo.Root)));
    }

    [Fact]
    public async Task Publishing_from_a_missing_source_is_an_error_naming_the_source()
    {
        using var repo = new TempTree();
        var plan = new RepositoryPlan(RolloutProgress.Submitted, RolloutProgress.Unverified, null, [new PublishStep(P("scratch/x"), P("sw/x"))]);

        var error = await Assert.ThrowsAsync<PlanExecutionException>(() => Executor().ApplyAsync(plan, repo.Root, CancellationToken.None));

        Assert.Contains("scratch/x", error.Message, StringComparison.Ordinal);
        Assert.False(repo.Exists("sw"));
    }

    [Theory]
    [InlineData(".swrel/journal")]
    [InlineData(".swrel/staging/x")]
    [InlineData(".swrel")]
    [InlineData("")]
    public async Task Steps_naming_the_root_or_the_executors_folder_are_refused(string path)
    {
        using var repo = new TempTree();
        var plan = new RepositoryPlan(RolloutProgress.Submitted, RolloutProgress.Rejected, null, [new RemoveStep(P(path))]);

        var error = await Assert.ThrowsAsync<PlanExecutionException>(() => Executor().ApplyAsync(plan, repo.Root, CancellationToken.None));

        Assert.Equal(0, error.StepIndex);
    }

    [Fact]
    public async Task A_missing_root_is_refused_with_its_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), "swrel-missing-" + Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<PlanExecutionException>(() => Executor().ApplyAsync(FileSystemOnly(), missing, CancellationToken.None));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_run_is_rolled_back()
    {
        using var provider = new TempTree();
        WriteRelease(provider, "");
        using var repo = new TempTree();
        var before = TreeSnapshot.Take(repo.Root);
        using var cancel = new CancellationTokenSource();
        var handler = new CancellingHandler(new FakeStepHandler(provider.Root), cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Executor(handler).ApplyAsync(IntoUnverified(), repo.Root, cancel.Token));

        Assert.True(before.SameAs(TreeSnapshot.Take(repo.Root)));
    }

    [Fact]
    public async Task An_empty_plan_succeeds_without_change()
    {
        using var repo = new TempTree();
        var plan = new RepositoryPlan(RolloutProgress.InVerification, RolloutProgress.WaitingForResponse, null, []);

        var result = await Executor().ApplyAsync(plan, repo.Root, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.False(result.Changed);
        Assert.Empty(result.Steps);
    }

    [Fact]
    public async Task Removing_a_release_removes_the_folders_it_leaves_empty_but_not_the_area()
    {
        using var repo = new TempTree();
        WriteRelease(repo, Unverified);
        repo.Write("sw/unverified/umd-4.infn.argus.centos7.x86_64/1/6/0/RPMS/old.rpm", "old\n");
        var plan = new RepositoryPlan(RolloutProgress.Unverified, RolloutProgress.Rejected, null, [new RemoveStep(P(Unverified))]);

        await Executor().ApplyAsync(plan, repo.Root, CancellationToken.None);

        Assert.False(repo.Exists("sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7"));
        Assert.True(repo.Exists("sw/unverified/umd-4.infn.argus.centos7.x86_64/1/6/0/RPMS/old.rpm"));

        var other = new RepositoryPlan(RolloutProgress.Unverified, RolloutProgress.Rejected, null, [new RemoveStep(P("sw/unverified/umd-4.infn.argus.centos7.x86_64/1/6/0"))]);
        await Executor().ApplyAsync(other, repo.Root, CancellationToken.None);

        Assert.False(repo.Exists("sw/unverified/umd-4.infn.argus.centos7.x86_64"));
        Assert.True(repo.Exists("sw/unverified"));
    }

    [Fact]
    public async Task Removing_an_absent_release_is_not_an_error()
    {
        using var repo = new TempTree();
        var plan = new RepositoryPlan(RolloutProgress.Unverified, RolloutProgress.Rejected, null, [new RemoveStep(P(Unverified))]);

        var result = await Executor().ApplyAsync(plan, repo.Root, CancellationToken.None);

        Assert.Equal(PlanStepStatus.AlreadyApplied, Assert.Single(result.Steps).Status);
    }

    [Fact]
    public async Task A_second_run_on_a_locked_root_is_refused_and_changes_nothing()
    {
        using var repo = new TempTree();
        SeedUnverified(repo);
        var before = TreeSnapshot.Take(repo.Root);
        Directory.CreateDirectory(repo.PathOf(".swrel"));
        using (var disk = new ConfinedFileSystem(repo.Root))
        using (disk.Lock(repo.PathOf(".swrel/lock")))
        {
            var error = await Assert.ThrowsAsync<RepositoryLockedException>(() => Executor().ApplyAsync(FileSystemOnly(), repo.Root, CancellationToken.None));

            Assert.Contains("locked", error.Message, StringComparison.Ordinal);
        }

        Assert.True(before.SameAs(TreeSnapshot.Take(repo.Root)));
    }

    [Fact]
    public async Task A_state_folder_that_cannot_be_created_is_an_error_and_not_a_lock()
    {
        using var repo = new TempTree();
        SeedUnverified(repo);
        File.WriteAllText(repo.PathOf(".swrel"), "a file where the executor's state folder goes");
        var before = TreeSnapshot.Take(repo.Root);

        var error = await Assert.ThrowsAsync<PlanExecutionException>(() => Executor().ApplyAsync(FileSystemOnly(), repo.Root, CancellationToken.None));

        Assert.Contains("state folder", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("locked", error.Message, StringComparison.Ordinal);
        Assert.True(before.SameAs(TreeSnapshot.Take(repo.Root)));
    }

    private sealed class CancellingHandler(IPlanStepHandler inner, CancellationTokenSource cancel) : IPlanStepHandler
    {
        public bool CanHandle(string kind) => inner.CanHandle(kind);

        public async ValueTask<string> HandleAsync(PlanStepContext context, CancellationToken cancellationToken)
        {
            var detail = await inner.HandleAsync(context, cancellationToken);
            if (context.Step is SetRepositoryUrlStep)
            {
                await cancel.CancelAsync();
            }

            return detail;
        }
    }
}
