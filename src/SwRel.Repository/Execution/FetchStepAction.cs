using SwRel.Repository.Planning;

namespace SwRel.Repository.Execution;

/// <summary>A fetch: the executor makes the destination an empty folder, the handler's transport fills it.</summary>
internal sealed class FetchStepAction : DelegatedStepAction
{
    private readonly FetchStep _fetch;

    public FetchStepAction(FetchStep fetch)
        : base(fetch, $"would fetch {fetch.Source} ({fetch.Protocol}) into {fetch.Destination}", fetch.Destination)
    {
        _fetch = fetch;
    }

    public override PlanStepOutcome DryRun(PlanDryRun dryRun, int index)
    {
        dryRun.Produce(_fetch.Destination);
        return base.DryRun(dryRun, index);
    }

    protected override void Prepare(ApplyContext context)
    {
        var destination = context.Tree.Local(_fetch.Destination);
        if (context.Tree.Exists(destination))
        {
            context.Journal.MoveAside(destination);
        }

        context.Tree.CreateWithParents(context.Journal, [destination], directory: true);
    }
}
