using FsCheck;
using FsCheck.Fluent;
using SwRel.Domain.Workflow;
using SwRel.Metadata.Releases;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Tests.Planning;

public sealed class TransitionTablePlanTests
{
    private static readonly RepositoryPlanner s_planner = new();

    public static TheoryData<int> RowNumbers()
    {
        var data = new TheoryData<int>();
        // Row 12b shares its number with row 12 and plans nothing (PlanRequests.EveryTableRow).
        foreach (var rule in TransitionTable.Rules.Where(r => !r.Requires(TransitionConditions.CorrectsRow11Entry)))
        {
            data.Add(rule.Number);
        }

        return data;
    }

    private static IEnumerable<RepositoryPlanRequest> RequestsForRow(int row, ReleaseDescriptor descriptor, string majorRelease) =>
        PlanRequests.EveryTableRow(descriptor, majorRelease).Where(r => r.Rule.Number == row).Select(r => r.Request);

    // SPEC §11: the planner turns every transition of the table (SPEC §2.1) into a plan.
    [Theory]
    [MemberData(nameof(RowNumbers))]
    public void Every_row_of_the_table_gets_a_plan_for_every_kind_of_release(int row)
    {
        var count = 0;
        foreach (var descriptor in Descriptors.All)
        {
            foreach (var request in RequestsForRow(row, descriptor, "umd-4"))
            {
                var plan = s_planner.Plan(request);
                Assert.Equal((request.From, request.To), (plan.From, plan.To));
                count++;
            }
        }

        Assert.True(count >= Descriptors.All.Length, $"row {row} was not exercised");
    }

    private static Gen<RepositoryPlanRequest> AnyTableRequest()
    {
        var requests = Descriptors.All
            .SelectMany(d => new[] { "umd-4", "umd-3", "cmd-os-1", "ca-1" }.SelectMany(m => PlanRequests.EveryTableRow(d, m)))
            .Select(r => r.Request)
            .ToArray();
        return Gen.Elements(requests);
    }

    // Law: planning is pure — the same request always gives the same plan.
    [FsCheck.Xunit.Property]
    public Property Plans_are_deterministic() =>
        Prop.ForAll(AnyTableRequest().ToArbitrary(), request => s_planner.Plan(request).Equals(s_planner.Plan(request)));

    // Law: every path in a plan is a valid, non-root repository path.
    [FsCheck.Xunit.Property]
    public Property Every_path_in_a_plan_is_a_valid_repository_path() =>
        Prop.ForAll(AnyTableRequest().ToArbitrary(), request =>
        {
            var plan = s_planner.Plan(request);
            var paths = plan.Steps.SelectMany(PathsOf).ToList();
            if (plan.Target is { } target)
            {
                paths.Add(target);
            }

            return paths.All(p => !p.IsRoot && RepositoryPath.TryParse(p.Value, out var again, out _) && again == p);
        });

    // SPEC §11: Into Production is "a merge: many releases share updates".
    [FsCheck.Xunit.Property]
    public Property Into_Production_plans_always_contain_a_merge_promote() =>
        Prop.ForAll(AnyTableRequest().ToArbitrary(), request =>
        {
            var plan = s_planner.Plan(request);
            return plan.To != RolloutProgress.Production
                || plan.Steps.OfType<PromoteStep>().Any(p => p.Merge && p.Destination == plan.Target);
        });

    // Production is shared by many releases; a release's own repo file folder and the regenerated index stay out of it.
    [FsCheck.Xunit.Property]
    public Property Into_Production_plans_always_carry_the_merge_exclusions() =>
        Prop.ForAll(AnyTableRequest().ToArbitrary(), request =>
        {
            var plan = s_planner.Plan(request);
            if (plan.To != RolloutProgress.Production)
            {
                return plan.Steps.OfType<PromoteStep>().All(p => p.Exclude.IsEmpty);
            }

            var placement = s_planner.Layout.Place(request.Descriptor, request.MajorRelease, request.ReleaseType, request.TicketId);
            var repoFile = s_planner.Layout.RepoFilePath(RepositoryPath.Root, placement).Value;
            var index = placement.Family == RepositoryFamily.Apt ? "Packages" : "repodata";
            return plan.Steps.OfType<PromoteStep>().Where(p => p.Content != PromoteContent.AllButPackages).All(p =>
                p.Merge
                && p.Exclude.Contains(repoFile.Split('/')[0])
                && p.Exclude.Contains(index)
                && p.Exclude.Contains(request.ChecksumManifest)
                && !plan.Steps.OfType<WriteRepoFileStep>().Any());
        });

    // Every non-empty plan writes the ticket's RepositoryURL or takes the release out of the repository.
    [FsCheck.Xunit.Property]
    public Property A_plan_with_a_target_and_steps_sets_the_repository_url_to_it() =>
        Prop.ForAll(AnyTableRequest().ToArbitrary(), request =>
        {
            var plan = s_planner.Plan(request);
            return plan.IsEmpty || plan.Target is null
                || plan.Steps.OfType<SetRepositoryUrlStep>().Single().Path == plan.Target;
        });

    private static IEnumerable<RepositoryPath> PathsOf(PlanStep step) => step switch
    {
        FetchStep s => [s.Destination],
        VerifyStep s => [s.Root],
        PublishStep s => [s.Source, s.Destination],
        PromoteStep s => [s.Source, s.Destination],
        WriteRepoFileStep s => [s.Path],
        RefreshIndexStep s => [s.Path],
        SetRepositoryUrlStep s => [s.Path],
        RemoveStep s => [s.Path],
        CleanStep s => [s.Path],
        _ => throw new InvalidOperationException(step.Kind),
    };
}
