using SwRel.Repository.Planning;
using SwRel.Repository.Publication;

namespace SwRel.Repository.Execution;

/// <summary>
/// A step handler that builds a <c>refresh-index</c> step's index in the run's staging instead of publishing it itself,
/// so that the executor puts it in place with journaled renames, with the run's other changes.
/// </summary>
internal interface IIndexStager
{
    /// <summary>Builds, signs and checks the index of <paramref name="step"/>'s folder in <paramref name="staging"/>.</summary>
    /// <param name="root">The repository root, a full local path.</param>
    /// <param name="step">The step.</param>
    /// <param name="staging">An empty folder of the run's staging, relative to the root.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What to put where; <see langword="null"/> when the handler refreshes this index some other way (then it gets the step).</returns>
    Task<StagedIndex?> StageIndexAsync(string root, RefreshIndexStep step, string staging, CancellationToken cancellationToken);
}
