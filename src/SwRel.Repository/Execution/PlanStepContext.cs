using SwRel.Repository.Planning;

namespace SwRel.Repository.Execution;

/// <summary>What a <see cref="IPlanStepHandler"/> gets for one step.</summary>
/// <param name="Root">The repository root, a full local path.</param>
/// <param name="Plan">The plan being applied.</param>
/// <param name="Index">The step's zero-based position in the plan.</param>
/// <param name="Step">The step to carry out.</param>
public sealed record PlanStepContext(string Root, RepositoryPlan Plan, int Index, PlanStep Step)
{
    /// <summary>Returns the full local path of a repository path below <see cref="Root"/>.</summary>
    /// <param name="path">The repository path.</param>
    /// <returns>The local path.</returns>
    public string LocalPath(RepositoryPath path) => path.ToLocalPath(Root);
}
