using SwRel.Repository.Planning;

namespace SwRel.Repository.Execution;

/// <summary>
/// A publish or a promote: the release's files get new names in staging (hard links, or copies across file systems),
/// then appear in the destination by rename, all at once or, when merging, file by file.
/// </summary>
internal sealed class CopyStepAction : StepAction
{
    private readonly RepositoryPath _source;
    private readonly RepositoryPath _destination;
    private readonly bool _merge;
    private readonly PromoteStep? _promote;

    /// <param name="step">The step.</param>
    /// <param name="source">The folder copied.</param>
    /// <param name="destination">The folder it goes to.</param>
    /// <param name="merge">Whether the destination may exist and is merged into.</param>
    /// <param name="promote">The promote, whose exclusions are left out; <see langword="null"/> for a publish.</param>
    public CopyStepAction(PlanStep step, RepositoryPath source, RepositoryPath destination, bool merge, PromoteStep? promote)
        : base(step)
    {
        _source = source;
        _destination = destination;
        _merge = merge;
        _promote = promote;
    }

    public override IEnumerable<RepositoryPath> Paths => [_source, _destination];

    /// <summary>Also refuses a copy into its own subtree (or out of it into a folder that holds it): it would copy what it is writing.</summary>
    public override void Check(int index)
    {
        base.Check(index);
        if (RepositoryTree.Within(_destination, _source) || RepositoryTree.Within(_source, _destination))
        {
            throw Refusal(index, $"copies '{_source}' to '{_destination}', and one lies inside the other; a copy must go to a folder apart from its source.");
        }
    }

    public override IEnumerable<PlanConflict> FindConflicts(TreeCopyAnalysis copies, int index) =>
        copies.Tree.FileSystem.DirectoryExists(copies.Tree.Local(_source)) ? copies.Tree.Conflicts(index, Analyse(copies)) : [];

    public override ValueTask<StepResult> ApplyAsync(ApplyContext context, CancellationToken cancellationToken)
    {
        var index = context.Index;
        var copy = Analyse(context.Copies);
        switch (copy.Kind)
        {
            case TreeCopyKind.Conflict:
                return ValueTask.FromResult(StepResult.Conflicting(context.Tree.Conflicts(index, copy)));
            case TreeCopyKind.SourceMissing:
                throw new PlanExecutionException($"Step {index + 1} ({Step.Kind}): the source '{_source}' does not exist.", index, Step.Kind, rolledBack: true, null);
            case TreeCopyKind.AlreadyThere:
                return ValueTask.FromResult(StepResult.Done(Outcome(index, PlanStepStatus.AlreadyApplied, $"{_destination} already holds the release")));
        }

        var tree = context.Tree;
        var fileSystem = tree.FileSystem;
        var sourcePath = tree.Local(_source);
        var destinationPath = tree.Local(_destination);
        var staging = context.Journal.NewStagingPath();
        fileSystem.CreateDirectory(staging);
        var createdDirectories = new HashSet<string>(StringComparer.Ordinal) { staging };
        foreach (var file in copy.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = RepositoryTree.Below(staging, file);
            var parent = Path.GetDirectoryName(target)!;
            if (createdDirectories.Add(parent))
            {
                fileSystem.CreateDirectory(parent);
            }

            var from = RepositoryTree.Below(sourcePath, file);
            if (!fileSystem.TryLinkFile(from, target))
            {
                fileSystem.CopyFile(from, target);
            }
        }

        if (!copy.DestinationExists)
        {
            // The whole folder appears with one rename.
            tree.CreateWithParents(context.Journal, [destinationPath], directory: false);
            fileSystem.Move(staging, destinationPath);
        }
        else
        {
            var targets = copy.Files.Select(f => RepositoryTree.Below(destinationPath, f)).ToArray();
            tree.CreateWithParents(context.Journal, targets, directory: false);
            for (var i = 0; i < targets.Length; i++)
            {
                fileSystem.Move(RepositoryTree.Below(staging, copy.Files[i]), targets[i]);
            }
        }

        return ValueTask.FromResult(StepResult.Done(
            Outcome(index, PlanStepStatus.Applied, $"copied {Files(copy.Files.Length)} from {_source} to {_destination}{LeftOut(copy)}", ChangedPaths(copy))));
    }

    public override PlanStepOutcome DryRun(PlanDryRun dryRun, int index)
    {
        if (!dryRun.Tree.FileSystem.DirectoryExists(dryRun.Tree.Local(_source)) && dryRun.IsProduced(_source))
        {
            dryRun.Produce(_destination);
            return Outcome(index, PlanStepStatus.WouldApply, $"would copy what an earlier step puts in {_source} to {_destination}", [_destination.Value]);
        }

        var copy = Analyse(dryRun.Copies);
        switch (copy.Kind)
        {
            case TreeCopyKind.Conflict:
                dryRun.Conflict(dryRun.Tree.Conflicts(index, copy));
                return Outcome(index, PlanStepStatus.WouldApply, $"would copy {_source} to {_destination} ({Plural(copy.Conflicts.Length, "conflict")})");
            case TreeCopyKind.SourceMissing:
                dryRun.Conflict([new PlanConflict(index, _source, "the source does not exist")]);
                return Outcome(index, PlanStepStatus.WouldApply, $"would copy {_source} to {_destination} (the source does not exist)");
            case TreeCopyKind.AlreadyThere:
                return Outcome(index, PlanStepStatus.AlreadyApplied, $"{_destination} already holds the release");
            default:
                dryRun.Produce(_destination);
                return Outcome(index, PlanStepStatus.WouldApply, $"would copy {Files(copy.Files.Length)} from {_source} to {_destination}{LeftOut(copy)}", ChangedPaths(copy));
        }
    }

    private TreeCopy Analyse(TreeCopyAnalysis copies) => copies.Analyse(_source, _destination, _merge, _promote);

    private string[] ChangedPaths(TreeCopy copy) =>
        copy.DestinationExists ? copy.Files.Select(f => _destination.Value + "/" + f).ToArray() : [_destination.Value];

    private string LeftOut(TreeCopy copy) =>
        copy.Excluded == 0 || _promote is null ? "" : $", leaving out {Files(copy.Excluded)} under {string.Join(", ", _promote.Exclude)}";
}
