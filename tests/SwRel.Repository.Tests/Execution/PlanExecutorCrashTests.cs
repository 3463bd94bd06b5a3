using System.Diagnostics;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using static SwRel.Repository.Tests.Execution.Scenarios;

namespace SwRel.Repository.Tests.Execution;

/// <summary>
/// SPEC §11: "a journal so that a crash at any step is resumed or rolled back on the next run".
/// A crash is injected after every single disk operation of a run (and of a recovery); after recovery the
/// whole tree must equal the tree before the run or the tree after it, never a mix.
/// </summary>
public sealed class PlanExecutorCrashTests
{
    public static TheoryData<string> Plans => ["unverified", "production", "file-system-only"];

    [Theory]
    [MemberData(nameof(Plans))]
    public async Task A_crash_after_any_disk_operation_recovers_to_the_tree_before_or_after_the_run(string name)
    {
        using var provider = new TempTree();
        WriteRelease(provider, "", files: 3);
        var (before, after, operations) = await Measure(name, provider.Root);
        Assert.False(before.SameAs(after));
        var sawBefore = false;
        var sawAfter = false;

        for (var crashAt = 0; crashAt < operations; crashAt++)
        {
            using var repo = Seed(name);
            var faulty = new FaultyFileSystem(crashAt);
            await RunAndSwallow(new PlanExecutor(new FakeStepHandler(provider.Root), faulty.For), PlanFor(name), repo.Root);
            Assert.True(faulty.Crashed, $"the run should have crashed at operation {crashAt}");

            var recovery = await new PlanExecutor(new FakeStepHandler(provider.Root)).RecoverAsync(repo.Root, CancellationToken.None);

            var now = TreeSnapshot.Take(repo.Root);
            sawBefore |= now.SameAs(before);
            sawAfter |= now.SameAs(after);
            Assert.True(
                now.SameAs(before) || now.SameAs(after),
                $"crash at operation {crashAt} of {operations} ({recovery}) left a mixed tree:\n{now}\n--- before:\n{before}\n--- after:\n{after}");
            AssertNoLeftovers(repo);

            // Resuming is running the plan again: it must reach the after state.
            await new PlanExecutor(new FakeStepHandler(provider.Root)).ApplyAsync(PlanFor(name), repo.Root, CancellationToken.None);
            Assert.True(TreeSnapshot.Take(repo.Root).SameAs(after), $"re-applying after a crash at operation {crashAt} did not reach the after state");
        }

        Assert.True(sawBefore && sawAfter, "crashes should have produced both rolled-back and completed runs");
    }

    [Fact]
    public async Task A_crash_during_recovery_is_itself_recovered()
    {
        using var provider = new TempTree();
        var (before, after, operations) = await Measure("production", provider.Root);

        // Every fourth crash point of the run (the run's own crash points are all covered above), each
        // followed by a crash at every disk operation of the recovery.
        for (var crashAt = 0; crashAt < operations; crashAt += 4)
        {
            for (var recoveryCrashAt = 0; ; recoveryCrashAt++)
            {
                using var repo = Seed("production");
                await RunAndSwallow(new PlanExecutor(new FakeStepHandler(provider.Root), new FaultyFileSystem(crashAt).For), IntoProduction(), repo.Root);
                var faultyRecovery = new FaultyFileSystem(recoveryCrashAt);
                try
                {
                    await new PlanExecutor(new FakeStepHandler(provider.Root), faultyRecovery.For).RecoverAsync(repo.Root, CancellationToken.None);
                }
                catch (Exception e) when (e is IOException or PlanExecutionException)
                {
                }

                await new PlanExecutor(new FakeStepHandler(provider.Root)).RecoverAsync(repo.Root, CancellationToken.None);
                var now = TreeSnapshot.Take(repo.Root);
                Assert.True(
                    now.SameAs(before) || now.SameAs(after),
                    $"crash at operation {crashAt}, then in recovery at operation {recoveryCrashAt}, left a mixed tree:\n{now}");
                AssertNoLeftovers(repo);
                if (!faultyRecovery.Crashed)
                {
                    break;
                }
            }
        }
    }

    // percent: where the child is killed, as a percentage of its disk changes (while staging copies, while
    // moving files into place); -2: two changes before its end, after the commit.
    [Theory]
    [InlineData(30)]
    [InlineData(75)]
    [InlineData(-2)]
    public async Task A_killed_child_process_is_recovered_to_the_tree_before_or_after_its_run(int percent)
    {
        using var repo = new TempTree();
        const int files = 100;
        for (var i = 0; i < files; i++)
        {
            repo.Write($"{ChildProcessHost.Source}/RPMS/pkg-{i:D3}.rpm", $"package {i}\n");
        }

        repo.Write($"{ChildProcessHost.Destination}/RPMS/other.rpm", "another release\n");
        var before = TreeSnapshot.Take(repo.Root);
        using var expected = new TempTree();
        TreeSnapshot.CopyTree(repo.Root, expected.Root);
        var counting = new FaultyFileSystem(int.MaxValue);
        await new PlanExecutor(null, counting.For).ApplyAsync(ChildProcessHost.Plan(), expected.Root, CancellationToken.None);
        var after = TreeSnapshot.Take(expected.Root);
        var pauseAt = percent < 0 ? counting.Operations + percent : counting.Operations * percent / 100;

        using var scratch = new TempTree();
        var marker = scratch.PathOf("paused");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add(typeof(ChildProcessHost).Assembly.Location);
        start.ArgumentList.Add(ChildProcessHost.Command);
        start.ArgumentList.Add(repo.Root);
        start.ArgumentList.Add(pauseAt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(marker);
        using var child = Process.Start(start)!;
        var watch = Stopwatch.StartNew();
        while (!child.HasExited && !File.Exists(marker) && watch.Elapsed < TimeSpan.FromMinutes(2))
        {
            Thread.Sleep(10);
        }

        Assert.True(File.Exists(marker), $"the child did not reach disk change {pauseAt}: {(child.HasExited ? child.StandardError.ReadToEnd() : "still running")}");
        child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync();
        Assert.NotEqual(0, child.ExitCode);

        var recovery = await new PlanExecutor().RecoverAsync(repo.Root, CancellationToken.None);

        var now = TreeSnapshot.Take(repo.Root);
        Assert.True(now.SameAs(before) || now.SameAs(after), $"the killed run left a mixed tree ({recovery}):\n{now}");
        Assert.Equal(percent > 0 ? JournalRecovery.RolledBack : JournalRecovery.Completed, recovery);
        AssertNoLeftovers(repo);
    }

    private static async Task<(TreeSnapshot Before, TreeSnapshot After, int Operations)> Measure(string name, string provider)
    {
        using var repo = Seed(name);
        var before = TreeSnapshot.Take(repo.Root);
        var counting = new FaultyFileSystem(int.MaxValue);
        var result = await new PlanExecutor(new FakeStepHandler(provider), counting.For).ApplyAsync(PlanFor(name), repo.Root, CancellationToken.None);
        Assert.True(result.Succeeded);
        return (before, TreeSnapshot.Take(repo.Root), counting.Operations);
    }

    private static async Task RunAndSwallow(PlanExecutor executor, RepositoryPlan plan, string root)
    {
        try
        {
            await executor.ApplyAsync(plan, root, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or PlanExecutionException)
        {
        }
    }

    private static void AssertNoLeftovers(TempTree repo)
    {
        foreach (var folder in new[] { ".swrel/journal", ".swrel/staging" })
        {
            Assert.True(!repo.Exists(folder) || !Directory.EnumerateFileSystemEntries(repo.PathOf(folder)).Any(), $"{folder} is not empty");
        }
    }

    private static TempTree Seed(string name)
    {
        var tree = new TempTree();
        switch (name)
        {
            case "production":
                SeedProduction(tree);
                break;
            case "file-system-only":
                SeedUnverified(tree);
                break;
            default:
                tree.Write("sw/unverified/other/release.txt", "another release\n");
                break;
        }

        return tree;
    }

    private static RepositoryPlan PlanFor(string name) => name switch
    {
        "production" => IntoProduction(),
        "file-system-only" => FileSystemOnly(),
        _ => IntoUnverified(),
    };
}
