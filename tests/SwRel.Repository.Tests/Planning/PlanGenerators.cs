using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using SwRel.Domain.Workflow;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Tests.Planning;

/// <summary>Generators of arbitrary (not necessarily sensible) plans, for the JSON laws.</summary>
internal static class PlanGenerators
{
    private static readonly char[] s_segmentChars = "abcxyzABC0189._-+~@é漢 ".ToCharArray();

    private static Gen<string> Segment { get; } =
        (from length in Gen.Choose(1, 8)
         from chars in Gen.ArrayOf(Gen.Elements(s_segmentChars), length)
         select new string(chars))
        .Where(s => s is not "." and not "..");

    public static Gen<RepositoryPath> Path { get; } =
        from count in Gen.Choose(1, 6)
        from segments in Gen.ArrayOf(Segment, count)
        select RepositoryPath.Parse(string.Join('/', segments));

    /// <summary>Distinct single segments, often none (as most promotes have).</summary>
    public static Gen<ImmutableArray<string>> Exclude { get; } =
        from count in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(1, 4)))
        from names in Gen.ArrayOf(Segment, count)
        select names.Distinct(StringComparer.Ordinal).ToImmutableArray();

    public static Gen<string> Text { get; } = ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "");

    public static Gen<PlanStep> Step { get; } = Gen.OneOf(
        from p in Gen.Elements("rsync", "http", "https", "file", "ftp") from s in Text from d in Path select (PlanStep)new FetchStep(p, s, d),
        from r in Path from m in Path select (PlanStep)new VerifyStep(r, m.Value),
        from s in Path from d in Path select (PlanStep)new PublishStep(s, d),
        from s in Path from d in Path from m in ArbMap.Default.GeneratorFor<bool>() from x in Exclude select (PlanStep)new PromoteStep(s, d, m, x),
        from p in Path from c in Text select (PlanStep)new WriteRepoFileStep(p, c),
        Path.Select(p => (PlanStep)new RefreshIndexStep(p)),
        Path.Select(p => (PlanStep)new SetRepositoryUrlStep(p)),
        Path.Select(p => (PlanStep)new RemoveStep(p)),
        Path.Select(p => (PlanStep)new CleanStep(p)));

    public static Gen<RepositoryPlan> Plan { get; } =
        from source in Gen.Elements(Enum.GetValues<RolloutProgress>())
        from destination in Gen.Elements(Enum.GetValues<RolloutProgress>())
        from hasTarget in ArbMap.Default.GeneratorFor<bool>()
        from target in Path
        from count in Gen.Choose(0, 8)
        from steps in Gen.ArrayOf(Step, count)
        select new RepositoryPlan(source, destination, hasTarget ? target : null, [.. steps]);
}
