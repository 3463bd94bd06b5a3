using FsCheck;
using FsCheck.Fluent;
using SwRel.Domain.Workflow;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Tests.Execution;

/// <summary>
/// SPEC §11: into Production is "a merge: many releases share `updates`; a file of the same name with other
/// content is a conflict and nothing changes". Laws over random source and destination trees.
/// </summary>
public sealed class MergeProperties
{
    private const string Source = "sw/stagerollout/r/1/0/0";
    private const string Destination = "sw/production/umd/4/centos7/x86_64/updates";

    private static readonly string[] SourceNames = ["a", "b", "c", "d/e", "d/f", "g/h"];
    private static readonly string[] DestinationNames = ["a", "b", "c", "d/e", "g"];

    private static Gen<Dictionary<string, string>> Files(string[] names) =>
        from picks in Gen.ArrayOf(Gen.Elements(0, 1, 2), names.Length)
        select names.Zip(picks).Where(p => p.Second > 0).ToDictionary(p => p.First, p => $"content {p.Second}\n");

    private static Arbitrary<(Dictionary<string, string> Source, Dictionary<string, string> Destination, int CrashAt)> Cases() =>
        (from source in Files(SourceNames)
         from destination in Files(DestinationNames)
         from crashAt in Gen.Choose(0, 40)
         select (source, destination, crashAt)).ToArbitrary();

    private static RepositoryPlan Plan() => new(
        RolloutProgress.StageRollout,
        RolloutProgress.Production,
        RepositoryPath.Parse(Destination),
        [
            new PromoteStep(RepositoryPath.Parse(Source), RepositoryPath.Parse(Destination), Merge: true),
            new RemoveStep(RepositoryPath.Parse(Source)),
        ]);

    private static TempTree Seed(Dictionary<string, string> source, Dictionary<string, string> destination)
    {
        var tree = new TempTree();
        tree.Write(Source + "/release.txt", "r\n");
        foreach (var (name, content) in source)
        {
            tree.Write($"{Source}/{name}", content);
        }

        foreach (var (name, content) in destination)
        {
            tree.Write($"{Destination}/{name}", content);
        }

        return tree;
    }

    private static bool ShouldConflict(Dictionary<string, string> source, Dictionary<string, string> destination) =>
        source.Any(f => destination.TryGetValue(f.Key, out var other) && other != f.Value)
        || (source.ContainsKey("g/h") && destination.ContainsKey("g"));

    [FsCheck.Xunit.Property(MaxTest = 30)]
    public Property A_merge_succeeds_exactly_when_no_same_named_file_differs_and_then_holds_both_trees() =>
        Prop.ForAll(Cases(), c =>
        {
            using var repo = Seed(c.Source, c.Destination);
            var before = TreeSnapshot.Take(repo.Root);
            var result = new PlanExecutor().ApplyAsync(Plan(), repo.Root, CancellationToken.None).GetAwaiter().GetResult();
            if (ShouldConflict(c.Source, c.Destination))
            {
                return !result.Succeeded && TreeSnapshot.Take(repo.Root).SameAs(before);
            }

            var union = c.Destination.Concat(c.Source).Append(new("release.txt", "r\n")).DistinctBy(f => f.Key);
            return result.Succeeded
                && !repo.Exists(Source)
                && union.All(f => repo.Read($"{Destination}/{f.Key}") == f.Value);
        });

    [FsCheck.Xunit.Property(MaxTest = 20)]
    public Property Applying_twice_equals_applying_once() =>
        Prop.ForAll(Cases(), c =>
        {
            using var repo = Seed(c.Source, c.Destination);
            var executor = new PlanExecutor();
            executor.ApplyAsync(Plan(), repo.Root, CancellationToken.None).GetAwaiter().GetResult();
            var once = TreeSnapshot.Take(repo.Root);
            var again = executor.ApplyAsync(Plan(), repo.Root, CancellationToken.None).GetAwaiter().GetResult();
            return !again.Changed && TreeSnapshot.Take(repo.Root).SameAs(once);
        });

    [FsCheck.Xunit.Property(MaxTest = 30)]
    public Property A_crash_anywhere_recovers_to_before_or_after() =>
        Prop.ForAll(Cases(), c =>
        {
            using var expected = Seed(c.Source, c.Destination);
            var before = TreeSnapshot.Take(expected.Root);
            new PlanExecutor().ApplyAsync(Plan(), expected.Root, CancellationToken.None).GetAwaiter().GetResult();
            var after = TreeSnapshot.Take(expected.Root);

            using var repo = Seed(c.Source, c.Destination);
            try
            {
                new PlanExecutor(null, new FaultyFileSystem(c.CrashAt).For)
                    .ApplyAsync(Plan(), repo.Root, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is IOException or PlanExecutionException)
            {
            }

            new PlanExecutor().RecoverAsync(repo.Root, CancellationToken.None).GetAwaiter().GetResult();
            var now = TreeSnapshot.Take(repo.Root);
            return (now.SameAs(before) || now.SameAs(after)).Label($"crash at {c.CrashAt}:\n{now}");
        });
}
