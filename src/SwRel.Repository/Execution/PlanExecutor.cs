using SwRel.IO;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Execution;

/// <summary>
/// Applies a <see cref="RepositoryPlan"/> to a local repository root: all or nothing, crash-safe,
/// idempotent (SPEC §11).
/// </summary>
/// <remarks>
/// <para>
/// A run first recovers any interrupted earlier run, then checks the whole plan (paths, handlers,
/// conflicts) before it changes anything. New content is linked (a release's files: hard links, read-only) or
/// written into <c>&lt;root&gt;/.swrel/staging</c> and renamed into place; what a run removes or replaces is renamed into its journal
/// (<c>&lt;root&gt;/.swrel/journal</c>). The run commits after its last step. A failure, a conflict
/// found late, a cancellation or a crash before the commit leaves the tree as it was before the run
/// (the next run or <see cref="RecoverAsync"/> finishes the rollback after a crash); after the commit the
/// tree is as after the run.
/// </para>
/// <para>
/// Publishing and non-merging promotes need an absent destination (one that already holds every source
/// file, identical, counts as already applied); a merging promote (production <c>base</c>/<c>updates</c>) adds the files the destination
/// lacks, skips identical ones and reports every same-named file with other content as a conflict.
/// A promote's <see cref="PromoteStep.Exclude"/> names top-level files or folders of the source that are left out:
/// they are not copied, not checked for conflicts and not needed for the step to count as already applied.
/// When the source of a publish or promote is gone but its destination exists, the step counts as
/// already applied, so an applied plan applies again without change.
/// </para>
/// <para>
/// No operation reads, writes, renames or deletes through a symbolic link (or another reparse point) below the root:
/// on Linux every path is resolved from a handle on the root, one folder at a time, with <c>O_NOFOLLOW</c>, so a link
/// swapped in during the run cannot redirect it either. A run that meets a link stops with a message naming it and
/// leaves the tree as it was. A promote or publish whose destination lies inside its source (or the other way round)
/// is refused before anything changes.
/// </para>
/// <para>
/// One run at a time per root: a run holds <c>&lt;root&gt;/.swrel/lock</c>. Instances are stateless and
/// thread-safe.
/// </para>
/// </remarks>
public sealed class PlanExecutor
{
    private readonly IPlanStepHandler? _stepHandler;
    private readonly Func<string, IFileSystem> _open;

    /// <summary>Initialises a new executor.</summary>
    /// <param name="stepHandler">
    /// The handler for the steps that are not file-system work (fetch, verify, refresh-index, set-repository-url);
    /// <see langword="null"/> (the default) for none, and then plans holding such steps are refused before anything changes.
    /// </param>
    public PlanExecutor(IPlanStepHandler? stepHandler = null)
        : this(stepHandler, root => new ConfinedFileSystem(root))
    {
    }

    /// <summary>Initialises an executor whose runs use the file system that <paramref name="open"/> gives for a root (tests inject faults there).</summary>
    internal PlanExecutor(IPlanStepHandler? stepHandler, Func<string, IFileSystem> open)
    {
        _stepHandler = stepHandler;
        _open = open;
    }

    /// <summary>Applies a plan to a repository root.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="root">The repository root, an existing local directory.</param>
    /// <param name="cancellationToken">Cancels the run; the tree is rolled back first.</param>
    /// <returns>What each step did, or the conflicts (and then nothing changed).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> or <paramref name="root"/> is <see langword="null"/>.</exception>
    /// <exception cref="RepositoryLockedException">Another run holds the root's lock; nothing was changed.</exception>
    /// <exception cref="PlanExecutionException">The plan is unusable, a step failed, or the executor's state folder could not be created; the tree is as before the run (see <see cref="PlanExecutionException.RolledBack"/>).</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; the tree is as before the run.</exception>
    public Task<PlanExecutionResult> ApplyAsync(RepositoryPlan plan, string root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var fullRoot = FullRoot(root);
        return Run(fullRoot, run => run.ApplyAsync(plan, fullRoot, cancellationToken));
    }

    /// <summary>Works out what <see cref="ApplyAsync"/> would do, changing nothing (not even an interrupted run's journal).</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="root">The repository root, an existing local directory.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Each step with <see cref="PlanStepStatus.WouldApply"/>, <see cref="PlanStepStatus.WouldDelegate"/> or <see cref="PlanStepStatus.AlreadyApplied"/>, and the conflicts an apply would report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> or <paramref name="root"/> is <see langword="null"/>.</exception>
    /// <exception cref="PlanExecutionException">The plan is unusable or the root does not exist.</exception>
    /// <remarks>Steps are judged against the current tree; a step whose source an earlier step produces (a fetch, a publish) is reported as one that would apply.</remarks>
    public Task<PlanExecutionResult> DryRunAsync(RepositoryPlan plan, string root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var fullRoot = FullRoot(root);
        return Run(fullRoot, run => run.DryRunAsync(plan, fullRoot, cancellationToken));
    }

    /// <summary>Recovers an interrupted run: rolls it back, or finishes it when it had committed.</summary>
    /// <param name="root">The repository root, an existing local directory.</param>
    /// <param name="cancellationToken">Cancels before the recovery starts.</param>
    /// <returns>What was found and done.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="root"/> is <see langword="null"/>.</exception>
    /// <exception cref="RepositoryLockedException">A running apply holds the root's lock.</exception>
    /// <exception cref="PlanExecutionException">The root does not exist, the executor's state folder could not be created, or the journal is unreadable.</exception>
    public Task<JournalRecovery> RecoverAsync(string root, CancellationToken cancellationToken)
    {
        var fullRoot = FullRoot(root);
        return Run(fullRoot, run => run.RecoverAsync(fullRoot, cancellationToken));
    }

    private static string FullRoot(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    }

    private async Task<T> Run<T>(string fullRoot, Func<PlanRun, Task<T>> action)
    {
        IFileSystem fileSystem;
        try
        {
            fileSystem = _open(fullRoot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PlanExecutionException($"Repository root '{fullRoot}' does not exist or is not a directory.", e);
        }

        try
        {
            return await action(new PlanRun(_stepHandler, fileSystem)).ConfigureAwait(false);
        }
        catch (IOException e) when (e is SymbolicLinkException or NotRegularFileException)
        {
            // Met while looking (a dry run, a recovery's listing): nothing was changed.
            throw new PlanExecutionException($"{e.Message} Nothing was changed.", e);
        }
        finally
        {
            (fileSystem as IDisposable)?.Dispose();
        }
    }
}
