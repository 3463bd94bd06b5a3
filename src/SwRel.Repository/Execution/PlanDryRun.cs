using System.Collections.Immutable;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Execution;

/// <summary>
/// One dry run of a plan: each step judged against the current tree, changing nothing, with the folders earlier steps
/// would produce remembered so that a later step reading them is reported as one that would apply.
/// </summary>
internal sealed class PlanDryRun
{
    private readonly List<RepositoryPath> _produced = [];
    private readonly ImmutableArray<PlanConflict>.Builder _conflicts = ImmutableArray.CreateBuilder<PlanConflict>();

    public PlanDryRun(RepositoryTree tree)
    {
        Tree = tree;
        Copies = new TreeCopyAnalysis(tree);
    }

    /// <summary>Gets the tree the steps are judged against.</summary>
    public RepositoryTree Tree { get; }

    /// <summary>Gets the copy analysis over that tree.</summary>
    public TreeCopyAnalysis Copies { get; }

    /// <summary>Judges every step in order.</summary>
    public PlanExecutionResult Run(IReadOnlyList<StepAction> actions, JournalRecovery recovery, CancellationToken cancellationToken)
    {
        var outcomes = ImmutableArray.CreateBuilder<PlanStepOutcome>(actions.Count);
        for (var index = 0; index < actions.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            outcomes.Add(actions[index].DryRun(this, index));
        }

        return new PlanExecutionResult(true, recovery, outcomes.MoveToImmutable(), _conflicts.ToImmutable());
    }

    /// <summary>Notes that an earlier step would create or fill <paramref name="path"/>.</summary>
    public void Produce(RepositoryPath path) => _produced.Add(path);

    /// <summary>Returns whether an earlier step would create <paramref name="path"/> or a folder holding it.</summary>
    public bool IsProduced(RepositoryPath path) => _produced.Any(p => RepositoryTree.Within(path, p));

    /// <summary>Adds conflicts an apply would report.</summary>
    public void Conflict(IEnumerable<PlanConflict> conflicts) => _conflicts.AddRange(conflicts);
}
