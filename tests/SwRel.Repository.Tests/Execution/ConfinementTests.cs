using SwRel.Domain.Workflow;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using static SwRel.Repository.Tests.Execution.Scenarios;

namespace SwRel.Repository.Tests.Execution;

/// <summary>
/// No operation of the executor or its recovery reads, writes, renames or deletes through a symbolic link inside the
/// root: it refuses with a message naming the link, and nothing outside the root changes, whatever the link points at.
/// </summary>
public sealed class ConfinementTests : IDisposable
{
    private readonly TempTree _repo = new();
    private readonly TempTree _outside = new();

    public ConfinementTests()
    {
        _outside.Write("precious/data.txt", "keep me\n");
        _outside.Write("precious/sub/more.txt", "and me\n");
        _outside.Write("secret.txt", "outside secret\n");
    }

    public void Dispose()
    {
        _repo.Dispose();
        _outside.Dispose();
    }

    private static PlanExecutor Executor(IPlanStepHandler? handler = null) => new(handler);

    private static RepositoryPlan Plan(params PlanStep[] steps) => new(RolloutProgress.Unverified, RolloutProgress.StageRollout, null, [.. steps]);

    private void Link(string relative, string target)
    {
        var path = _repo.PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
    }

    private async Task<PlanExecutionException> RefusedAsync(RepositoryPlan plan, string link)
    {
        var outsideBefore = TreeSnapshot.Take(_outside.Root);
        var error = await Assert.ThrowsAsync<PlanExecutionException>(() => Executor().ApplyAsync(plan, _repo.Root, CancellationToken.None));
        Assert.Contains($"'{_repo.PathOf(link)}' is a symbolic link", error.Message, StringComparison.Ordinal);
        Assert.True(outsideBefore.SameAs(TreeSnapshot.Take(_outside.Root)), "something outside the root changed");
        return error;
    }

    [Fact]
    public async Task A_remove_below_a_linked_folder_is_refused_and_deletes_nothing_outside()
    {
        Link("sw/evil", _outside.PathOf("precious"));

        var error = await RefusedAsync(Plan(new RemoveStep(P("sw/evil/data.txt"))), "sw/evil");

        Assert.True(error.RolledBack);
        Assert.Equal("keep me\n", _outside.Read("precious/data.txt"));
    }

    [Fact]
    public async Task A_remove_of_the_link_itself_is_refused()
    {
        Link("sw/evil", _outside.PathOf("precious"));

        await RefusedAsync(Plan(new RemoveStep(P("sw/evil"))), "sw/evil");

        Assert.NotNull(new FileInfo(_repo.PathOf("sw/evil")).LinkTarget);
    }

    [Fact]
    public async Task A_repo_file_written_through_a_linked_folder_is_refused()
    {
        Link("sw/evil", _outside.PathOf("precious"));

        await RefusedAsync(Plan(new WriteRepoFileStep(P("sw/evil/data.txt"), "overwritten\n")), "sw/evil");
    }

    [Fact]
    public async Task A_repo_file_that_is_a_link_to_an_outside_file_is_neither_read_nor_replaced()
    {
        Link("repofiles/argus.repo", _outside.PathOf("secret.txt"));

        await RefusedAsync(Plan(new WriteRepoFileStep(P("repofiles/argus.repo"), "[argus]\n")), "repofiles/argus.repo");

        Assert.Equal("outside secret\n", _outside.Read("secret.txt"));
    }

    [Fact]
    public async Task A_promote_into_a_linked_destination_is_refused()
    {
        WriteRelease(_repo, Unverified);
        Link("sw/stagerollout", _outside.PathOf("precious"));

        await RefusedAsync(Plan(new PromoteStep(P(Unverified), P(StageRollout), Merge: false)), "sw/stagerollout");
    }

    [Fact]
    public async Task A_promote_from_a_linked_source_reads_nothing_outside()
    {
        Link("sw/unverified", _outside.PathOf("precious"));

        await RefusedAsync(Plan(new PromoteStep(P("sw/unverified"), P("sw/stagerollout/x"), Merge: false)), "sw/unverified");

        Assert.False(_repo.Exists("sw/stagerollout"));
    }

    [Fact]
    public async Task A_promote_source_holding_a_link_to_an_outside_file_does_not_copy_its_content()
    {
        WriteRelease(_repo, Unverified);
        Link(Unverified + "/RPMS/stolen.rpm", _outside.PathOf("secret.txt"));

        await RefusedAsync(Plan(new PromoteStep(P(Unverified), P(StageRollout), Merge: false)), Unverified + "/RPMS/stolen.rpm");

        Assert.False(_repo.Exists(StageRollout));
    }

    [Fact]
    public async Task A_merging_promote_into_a_folder_holding_a_link_is_refused()
    {
        WriteRelease(_repo, StageRollout);
        _repo.Write(Updates + "/keep.txt", "x\n");
        Link(Updates + "/RPMS", _outside.PathOf("precious"));

        await RefusedAsync(Plan(new PromoteStep(P(StageRollout), P(Updates), Merge: true)), Updates + "/RPMS");

        Assert.False(File.Exists(_outside.PathOf("precious/argus-0.rpm")));
    }

    [Theory]
    [InlineData(".swrel")]
    [InlineData(".swrel/staging")]
    [InlineData(".swrel/journal")]
    public async Task A_link_at_the_executor_state_folders_stops_even_an_empty_plan(string state)
    {
        _outside.Write("precious/0123456789abcdef/x.txt", "a folder that looks like a run\n");
        Link(state, _outside.PathOf("precious"));

        await RefusedAsync(Plan(), state);
    }

    [Fact]
    public async Task A_link_at_the_scratch_folder_stops_a_clean_step()
    {
        Link(".swrel/scratch", _outside.PathOf("precious"));

        await RefusedAsync(Plan(new CleanStep(P(".swrel/scratch/umd-4"))), ".swrel/scratch");
    }

    [Fact]
    public async Task Recovery_of_an_interrupted_run_does_not_follow_a_linked_journal()
    {
        Directory.CreateDirectory(_repo.PathOf(".swrel"));
        _outside.Write("precious/run/00000001.json", "{\"op\":\"create\",\"paths\":[\"x\"]}");
        Link(".swrel/journal", _outside.PathOf("precious"));
        var before = TreeSnapshot.Take(_outside.Root);

        var error = await Assert.ThrowsAsync<PlanExecutionException>(() => Executor().RecoverAsync(_repo.Root, CancellationToken.None));

        Assert.Contains("is a symbolic link", error.Message, StringComparison.Ordinal);
        Assert.True(before.SameAs(TreeSnapshot.Take(_outside.Root)));
    }

    [Fact]
    public async Task A_dry_run_that_meets_a_link_reports_it_and_reads_nothing_outside()
    {
        Link("sw/evil", _outside.PathOf("precious"));

        var error = await Assert.ThrowsAsync<PlanExecutionException>(
            () => Executor().DryRunAsync(Plan(new RemoveStep(P("sw/evil/data.txt"))), _repo.Root, CancellationToken.None));

        Assert.Contains($"'{_repo.PathOf("sw/evil")}' is a symbolic link", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_FIFO_in_a_promote_source_is_refused_by_name_without_being_opened()
    {
        WriteRelease(_repo, Unverified);
        Fifo.Make(_repo.PathOf(Unverified + "/RPMS/pipe.rpm"));

        var error = await Assert.ThrowsAsync<PlanExecutionException>(
            () => Executor().ApplyAsync(Plan(new PromoteStep(P(Unverified), P(StageRollout), Merge: false)), _repo.Root, CancellationToken.None)).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Contains("pipe.rpm", error.Message, StringComparison.Ordinal);
        Assert.False(_repo.Exists(StageRollout));
    }

    // A provider controls the names in a release: one that is not UTF-8 must not leave a removal half done and
    // block the recovery of every later run.
    [Fact]
    public async Task A_removed_tree_holding_a_name_that_is_not_UTF8_does_not_block_later_runs()
    {
        WriteRelease(_repo, Unverified);
        Shell.Run(_repo.PathOf(Unverified + "/RPMS"), "touch \"$(printf 'bad\\377.rpm')\"");

        var removed = await Executor().ApplyAsync(Plan(new RemoveStep(P(Unverified))), _repo.Root, CancellationToken.None);
        var later = await Executor().ApplyAsync(Plan(), _repo.Root, CancellationToken.None);

        Assert.True(removed.Succeeded);
        Assert.True(later.Succeeded);
        Assert.Equal(JournalRecovery.None, later.Recovery);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_repo.PathOf(".swrel/journal")));
    }

    [Fact]
    public async Task A_journal_entry_naming_an_unusable_path_is_reported_not_thrown_raw()
    {
        _repo.Write(".swrel/journal/0123/00000001.json", "{\"op\":\"create\",\"paths\":[\"sw/a\\u0000b\"]}");

        var error = await Assert.ThrowsAsync<PlanExecutionException>(() => Executor().RecoverAsync(_repo.Root, CancellationToken.None));

        Assert.Contains("is unreadable", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sw/unverified/a", "sw/unverified/a/b")]
    [InlineData("sw/unverified/a/b", "sw/unverified/a")]
    [InlineData("sw/unverified/a", "sw/unverified/a")]
    public async Task A_promote_into_its_own_subtree_is_refused_before_anything_changes(string source, string destination)
    {
        _repo.Write(source + "/f.txt", "x\n");
        var before = TreeSnapshot.Take(_repo.Root);

        var error = await Assert.ThrowsAsync<PlanExecutionException>(
            () => Executor().ApplyAsync(Plan(new PromoteStep(P(source), P(destination), Merge: true)), _repo.Root, CancellationToken.None));

        Assert.Contains("one lies inside the other", error.Message, StringComparison.Ordinal);
        Assert.True(before.SameAs(TreeSnapshot.Take(_repo.Root)));
    }

    /// <summary>
    /// A link swapped in during the run, at every file-system operation in turn: the folder the run is working in is
    /// replaced by a link to an outside folder just before the operation. The run may fail or finish, but nothing
    /// outside the root is ever read into the tree, changed or deleted.
    /// </summary>
    [Fact]
    public async Task A_link_swapped_in_at_any_point_of_a_run_never_redirects_it()
    {
        var counting = new SwappingFileSystem(int.MaxValue, () => { });
        using (var repo = new TempTree())
        {
            WriteRelease(repo, Unverified);
            repo.Write("repofiles/existing.repo", "old\n");
            await new PlanExecutor(null, counting.For).ApplyAsync(FileSystemOnly(), repo.Root, CancellationToken.None);
        }

        var operations = counting.Operations;
        for (var swapAt = 0; swapAt <= operations; swapAt++)
        {
            using var repo = new TempTree();
            using var outside = new TempTree();
            outside.Write("sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/3/RPMS/argus-0.rpm", "outside\n");
            WriteRelease(repo, Unverified);
            repo.Write("repofiles/existing.repo", "old\n");
            var outsideBefore = TreeSnapshot.Take(outside.Root);
            var swapping = new SwappingFileSystem(swapAt, () =>
            {
                // The attacker renames the stage-rollout area away and leaves a link to the outside in its place.
                var area = repo.PathOf("sw/stagerollout");
                if (Directory.Exists(area) && (File.GetAttributes(area) & FileAttributes.ReparsePoint) == 0)
                {
                    Directory.Move(area, repo.PathOf("moved-away"));
                }

                if (!Path.Exists(area))
                {
                    Directory.CreateDirectory(repo.PathOf("sw"));
                    File.CreateSymbolicLink(area, outside.PathOf("sw/stagerollout"));
                }
            });

            try
            {
                await new PlanExecutor(null, swapping.For).ApplyAsync(FileSystemOnly(), repo.Root, CancellationToken.None);
            }
            catch (PlanExecutionException)
            {
            }

            Assert.True(swapping.Swapped || swapAt == operations);
            Assert.True(outsideBefore.SameAs(TreeSnapshot.Take(outside.Root)), $"swapped at operation {swapAt}: something outside the root changed");
        }

        Assert.True(operations > 5, "the plan should take several operations");
    }
}
