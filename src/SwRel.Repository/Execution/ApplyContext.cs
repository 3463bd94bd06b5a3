using SwRel.Repository.Planning;

namespace SwRel.Repository.Execution;

/// <summary>What a step needs while a run applies it: the tree, the run's journal, and the handler for delegated work.</summary>
/// <param name="Tree">The tree being changed.</param>
/// <param name="Copies">The copy analysis over that tree.</param>
/// <param name="Journal">The run's journal: every change is recorded there before it is made.</param>
/// <param name="Plan">The plan being applied.</param>
/// <param name="Index">The step's zero-based position in the plan.</param>
/// <param name="Handler">The handler for steps that are not file-system work; checked to accept them before the run.</param>
internal sealed record ApplyContext(
    RepositoryTree Tree,
    TreeCopyAnalysis Copies,
    Journal Journal,
    RepositoryPlan Plan,
    int Index,
    IPlanStepHandler? Handler);
