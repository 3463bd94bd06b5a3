using System.Collections.Immutable;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Execution;

/// <summary>A step that is not file-system work (verify, refresh-index, set-repository-url): the handler carries it out.</summary>
internal class DelegatedStepAction : StepAction
{
    private readonly string _wouldDo;
    private readonly ImmutableArray<RepositoryPath> _paths;

    /// <param name="step">The step.</param>
    /// <param name="wouldDo">What a dry run says the handler would do.</param>
    /// <param name="paths">The paths below the root the step names, checked before a run.</param>
    public DelegatedStepAction(PlanStep step, string wouldDo, params RepositoryPath[] paths)
        : base(step)
    {
        _wouldDo = wouldDo;
        _paths = [.. paths];
    }

    public override IEnumerable<RepositoryPath> Paths => _paths;

    public override bool IsDelegated => true;

    public override async ValueTask<StepResult> ApplyAsync(ApplyContext context, CancellationToken cancellationToken)
    {
        Prepare(context);
        var detail = await context.Handler!
            .HandleAsync(new PlanStepContext(context.Tree.Root, context.Plan, context.Index, Step), cancellationToken)
            .ConfigureAwait(false);
        return StepResult.Done(Outcome(context.Index, PlanStepStatus.Delegated, detail));
    }

    public override PlanStepOutcome DryRun(PlanDryRun dryRun, int index) => Outcome(index, PlanStepStatus.WouldDelegate, _wouldDo);

    /// <summary>Gets the tree ready for the handler, journalled like every other change.</summary>
    protected virtual void Prepare(ApplyContext context)
    {
    }
}
