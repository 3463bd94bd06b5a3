using SwRel.Repository.Planning;
using SwRel.Repository.Transports;

namespace SwRel.Repository.Execution;

/// <summary>
/// A fetch: the executor makes the destination an empty folder, the handler's transport fills it. A package-by-package
/// fetch starts instead from what an earlier run of the same destination downloaded and did not commit: the transport
/// hashes each such file against the manifest and downloads only what is missing or does not match.
/// </summary>
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

        if (_fetch.Protocol != FetchStep.PackagesProtocol)
        {
            context.Tree.CreateWithParents(context.Journal, [destination], directory: true);
            return;
        }

        // Only the parents are recorded as created: the destination's own entry keeps its files when the run is undone.
        var parent = Path.GetDirectoryName(destination)!;
        if (!context.Tree.Exists(parent))
        {
            context.Tree.CreateWithParents(context.Journal, [parent], directory: true);
        }

        var kept = Journal.FetchedFolder(context.Tree.Root, destination);
        context.Journal.RecordFetchInto(destination, kept);
        if (context.Tree.FileSystem.DirectoryExists(kept))
        {
            context.Tree.FileSystem.Move(kept, destination);

            // A run killed during a download leaves its partial file; it must not be published.
            foreach (var name in context.Tree.FileSystem.ListFiles(destination))
            {
                if (name.StartsWith(HashedDownload.PartialPrefix, StringComparison.Ordinal))
                {
                    context.Tree.FileSystem.DeleteFile(Path.Combine(destination, name));
                }
            }
        }
        else
        {
            context.Tree.FileSystem.CreateDirectory(destination);
        }
    }
}
