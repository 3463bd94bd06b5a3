using SwRel.Repository.Planning;

namespace SwRel.Repository.Execution;

/// <summary>
/// A <c>refresh-index</c>: with a handler that stages indexes (<see cref="IIndexStager"/>), the index is built, signed
/// and checked in the run's staging, and each part is put in place as a journaled rename, so that a rollback or a
/// recovery restores the old index with the old files; otherwise the handler carries the step out.
/// </summary>
internal sealed class RefreshIndexStepAction : DelegatedStepAction
{
    private readonly RefreshIndexStep _refresh;

    public RefreshIndexStepAction(RefreshIndexStep refresh)
        : base(refresh, $"would refresh the index of {refresh.Path}")
    {
        _refresh = refresh;
    }

    public override async ValueTask<StepResult> ApplyAsync(ApplyContext context, CancellationToken cancellationToken)
    {
        if (context.Handler is not IIndexStager stager)
        {
            return await base.ApplyAsync(context, cancellationToken).ConfigureAwait(false);
        }

        var tree = context.Tree;
        var fileSystem = tree.FileSystem;
        var staging = context.Journal.NewStagingPath();
        fileSystem.CreateDirectory(staging);
        var relative = Path.GetRelativePath(tree.Root, staging).Replace(Path.DirectorySeparatorChar, '/');
        var staged = await stager.StageIndexAsync(tree.Root, _refresh, relative, cancellationToken).ConfigureAwait(false);
        if (staged is null)
        {
            return await base.ApplyAsync(context, cancellationToken).ConfigureAwait(false);
        }

        // In the order given: a signed index appears only after everything it names.
        var changed = new List<string>();
        foreach (var entry in staged.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var from = RepositoryTree.Below(tree.Root, entry.Staged);
            var to = RepositoryTree.Below(tree.Root, entry.Target);
            if (!entry.IsDirectory && fileSystem.FileExists(to) && tree.SameContent(from, to))
            {
                continue;
            }

            if (tree.Exists(to))
            {
                context.Journal.MoveAside(to);
                context.Journal.RecordCreate([to]);
            }
            else
            {
                tree.CreateWithParents(context.Journal, [to], directory: false);
            }

            fileSystem.Move(from, to);
            changed.Add(entry.Target);
        }

        return StepResult.Done(Outcome(context.Index, PlanStepStatus.Delegated, staged.Detail, changed));
    }
}
