using System.Text;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Execution;

/// <summary>A write-repo-file: the text goes to staging, an older file is moved aside, the new one renamed in.</summary>
internal sealed class WriteRepoFileStepAction : StepAction
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly WriteRepoFileStep _write;

    public WriteRepoFileStepAction(WriteRepoFileStep write)
        : base(write)
    {
        _write = write;
    }

    public override IEnumerable<RepositoryPath> Paths => [_write.Path];

    public override IEnumerable<PlanConflict> FindConflicts(TreeCopyAnalysis copies, int index) =>
        copies.Tree.FileSystem.DirectoryExists(copies.Tree.Local(_write.Path)) ? [FolderInTheWay(index)] : [];

    public override ValueTask<StepResult> ApplyAsync(ApplyContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Apply(context));

    public override PlanStepOutcome DryRun(PlanDryRun dryRun, int index)
    {
        var path = dryRun.Tree.Local(_write.Path);
        if (dryRun.Tree.FileSystem.DirectoryExists(path))
        {
            dryRun.Conflict([FolderInTheWay(index)]);
            return Outcome(index, PlanStepStatus.WouldApply, $"would write {_write.Path} (conflict)");
        }

        if (dryRun.Tree.FileSystem.FileExists(path))
        {
            return dryRun.Tree.SameContent(path, Utf8.GetBytes(_write.Content))
                ? UpToDate(index)
                : Outcome(index, PlanStepStatus.WouldApply, $"would replace {_write.Path}", [_write.Path.Value]);
        }

        return Outcome(index, PlanStepStatus.WouldApply, $"would write {_write.Path}", [_write.Path.Value]);
    }

    private StepResult Apply(ApplyContext context)
    {
        var index = context.Index;
        var tree = context.Tree;
        var path = tree.Local(_write.Path);
        var content = Utf8.GetBytes(_write.Content);
        if (tree.FileSystem.DirectoryExists(path))
        {
            return StepResult.Conflicting([FolderInTheWay(index)]);
        }

        if (tree.FileSystem.FileExists(path) && tree.SameContent(path, content))
        {
            return StepResult.Done(UpToDate(index));
        }

        var staging = context.Journal.NewStagingPath();
        tree.FileSystem.WriteNewFile(staging, content);
        var replaced = tree.FileSystem.FileExists(path);
        if (replaced)
        {
            context.Journal.MoveAside(path);
        }

        tree.CreateWithParents(context.Journal, [path], directory: false);
        tree.FileSystem.Move(staging, path);
        return StepResult.Done(Outcome(index, PlanStepStatus.Applied, (replaced ? "replaced " : "wrote ") + _write.Path, [_write.Path.Value]));
    }

    private PlanConflict FolderInTheWay(int index) => new(index, _write.Path, "a folder of that name exists");

    private PlanStepOutcome UpToDate(int index) => Outcome(index, PlanStepStatus.AlreadyApplied, $"{_write.Path} is up to date");
}
