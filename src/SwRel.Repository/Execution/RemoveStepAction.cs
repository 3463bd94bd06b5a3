using SwRel.Repository.Planning;

namespace SwRel.Repository.Execution;

/// <summary>A remove or a clean: the path is moved aside into the journal, with the folders it leaves empty.</summary>
internal sealed class RemoveStepAction : StepAction
{
    private readonly RepositoryPath _path;

    public RemoveStepAction(PlanStep step, RepositoryPath path)
        : base(step)
    {
        _path = path;
    }

    public override IEnumerable<RepositoryPath> Paths => [_path];

    public override ValueTask<StepResult> ApplyAsync(ApplyContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(StepResult.Done(Apply(context.Tree, context.Journal, context.Index)));

    public override PlanStepOutcome DryRun(PlanDryRun dryRun, int index) =>
        dryRun.Tree.Exists(dryRun.Tree.Local(_path)) || dryRun.IsProduced(_path)
            ? Outcome(index, PlanStepStatus.WouldApply, $"would remove {_path}", [_path.Value])
            : Absent(index);

    private PlanStepOutcome Apply(RepositoryTree tree, Journal journal, int index)
    {
        var local = tree.Local(_path);
        if (!tree.Exists(local))
        {
            return Absent(index);
        }

        journal.MoveAside(local);

        // Folders the removal leaves empty go too (journalled like the rest), except the top two levels
        // (sw/unverified, .swrel/scratch), which belong to the layout rather than to a release.
        var segments = _path.Value.Split('/');
        for (var depth = segments.Length - 1; depth > 2; depth--)
        {
            var parent = tree.Local(RepositoryPath.Parse(string.Join('/', segments, 0, depth)));
            if (tree.FileSystem.ListFiles(parent).Count > 0 || tree.FileSystem.ListDirectories(parent).Count > 0)
            {
                break;
            }

            journal.MoveAside(parent);
        }

        return Outcome(index, PlanStepStatus.Applied, $"removed {_path}", [_path.Value]);
    }

    private PlanStepOutcome Absent(int index) => Outcome(index, PlanStepStatus.AlreadyApplied, $"{_path} is absent");
}
