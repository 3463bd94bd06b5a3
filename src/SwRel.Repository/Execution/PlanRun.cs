using System.Collections.Immutable;
using SwRel.IO;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Execution;

/// <summary>
/// One call of <see cref="PlanExecutor"/> on one repository root: the rules of the run (recovery, checks, journal,
/// conflicts, commit), with each step carried out by its <see cref="StepAction"/> through an <see cref="IFileSystem"/>
/// that never leaves the root.
/// </summary>
internal sealed class PlanRun
{
    /// <summary>How long a run waits for a lock that looks held before it reports the root as locked.</summary>
    private const int LockWaitMilliseconds = 500;

    private readonly IPlanStepHandler? _stepHandler;
    private readonly IFileSystem _fileSystem;

    /// <summary>Initialises one run over a root, whose file system resolves every path below that root.</summary>
    public PlanRun(IPlanStepHandler? stepHandler, IFileSystem fileSystem)
    {
        _stepHandler = stepHandler;
        _fileSystem = fileSystem;
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
    public async Task<PlanExecutionResult> ApplyAsync(RepositoryPlan plan, string root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var actions = Actions(plan, requireHandlers: true);
        cancellationToken.ThrowIfCancellationRequested();

        using var runLock = TakeLock(root);
        var recovery = RecoverUnderLock(root);
        var tree = new RepositoryTree(_fileSystem, root);
        var copies = new TreeCopyAnalysis(tree);

        Journal journal;
        try
        {
            ImmutableArray<PlanConflict> conflicts = [.. actions.SelectMany((action, index) => action.FindConflicts(copies, index))];
            if (conflicts.Length > 0)
            {
                return new PlanExecutionResult(false, recovery, [], conflicts);
            }

            journal = Journal.Begin(_fileSystem, root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing in the visible tree has changed; a half-made journal folder is empty and the next run deletes it.
            throw new PlanExecutionException($"The run could not start: {e.Message} Nothing was changed.", null, null, rolledBack: true, e);
        }

        var outcomes = ImmutableArray.CreateBuilder<PlanStepOutcome>(actions.Length);
        var index = -1;
        try
        {
            for (index = 0; index < actions.Length; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var context = new ApplyContext(tree, copies, journal, plan, index, _stepHandler);
                var (outcome, stepConflicts) = await actions[index].ApplyAsync(context, cancellationToken).ConfigureAwait(false);
                if (stepConflicts.Length > 0)
                {
                    journal.Rollback();
                    return new PlanExecutionResult(false, recovery, [], stepConflicts);
                }

                outcomes.Add(outcome!);
            }

            journal.MarkCommitted();
        }
        catch (Exception e)
        {
            var rolledBack = TryRollback(journal, out var rollbackError);
            if (e is OperationCanceledException && rolledBack)
            {
                throw;
            }

            var step = index >= 0 && index < actions.Length ? actions[index].Step : null;
            var where = step is null ? "The run" : $"Step {index + 1} ({step.Kind})";
            var message = e is PlanExecutionException ? e.Message : $"{where} failed: {e.Message}";
            message += rolledBack
                ? " Nothing was changed."
                : $" The rollback failed too ({rollbackError!.Message}); the next run or a recovery finishes it.";
            throw new PlanExecutionException(message, step is null ? null : index, step?.Kind, rolledBack, e);
        }

        try
        {
            journal.CleanUp();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The run has committed: the tree is as after it. The next run or a recovery deletes the leftovers.
        }

        return new PlanExecutionResult(false, recovery, outcomes.MoveToImmutable(), []);
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
        var actions = Actions(plan, requireHandlers: false);
        var recovery = Journal.HasPendingRun(_fileSystem, root) ? JournalRecovery.Pending : JournalRecovery.None;
        return Task.FromResult(new PlanDryRun(new RepositoryTree(_fileSystem, root)).Run(actions, recovery, cancellationToken));
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
        var fullRoot = root;
        cancellationToken.ThrowIfCancellationRequested();
        using var runLock = TakeLock(fullRoot);
        return Task.FromResult(RecoverUnderLock(fullRoot));
    }

    private JournalRecovery RecoverUnderLock(string root)
    {
        try
        {
            return Journal.Recover(_fileSystem, root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PlanExecutionException($"Recovery of an interrupted run in '{root}' failed: {e.Message} The next run tries again.", null, null, rolledBack: false, e);
        }
    }

    /// <summary>Refuses, before anything changes, a plan with a missing or unknown step, a path the executor must not touch, or (to apply) a step no handler accepts.</summary>
    private StepAction[] Actions(RepositoryPlan plan, bool requireHandlers)
    {
        var steps = plan.Steps.IsDefault ? [] : plan.Steps;
        var actions = new StepAction[steps.Length];
        for (var index = 0; index < steps.Length; index++)
        {
            var step = steps[index] ?? throw new PlanExecutionException($"Step {index + 1} is missing.", index, null, rolledBack: true, null);
            var action = StepAction.For(step)
                ?? throw new PlanExecutionException($"Step {index + 1} has the unknown kind '{step.Kind}'.", index, step.Kind, rolledBack: true, null);
            action.Check(index);
            if (requireHandlers && action.IsDelegated && _stepHandler?.CanHandle(step.Kind) != true)
            {
                throw new PlanExecutionException(
                    $"Step {index + 1} ({step.Kind}) needs a step handler and none is configured for it; nothing was changed.",
                    index,
                    step.Kind,
                    rolledBack: true,
                    null);
            }

            actions[index] = action;
        }

        return actions;
    }

    private IDisposable TakeLock(string root)
    {
        var state = Journal.StateFolder(root);
        try
        {
            if (!_fileSystem.DirectoryExists(state))
            {
                _fileSystem.CreateDirectory(state);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not a lock held by another run (a permission error, a full disk, a file in the way): retrying will not help.
            throw new PlanExecutionException($"Repository root '{root}': the executor's state folder '{state}' could not be created ({e.Message}).", e);
        }

        // The lock belongs to an open file description, which a child process that this process (any thread of it)
        // forks shares until it execs: a lock released by closing alone (ConfinedRoot unlocks before it closes, not
        // every holder does) can still look held a moment. A run that really holds it holds it far longer than the wait.
        var deadline = Environment.TickCount64 + LockWaitMilliseconds;
        while (true)
        {
            try
            {
                return _fileSystem.Lock(Path.Combine(state, "lock"));
            }
            catch (IOException e) when (ConfinedRoot.IsLockHeld(e) && Environment.TickCount64 < deadline)
            {
                Thread.Sleep(10);
            }
            catch (IOException e) when (ConfinedRoot.IsLockHeld(e))
            {
                throw new RepositoryLockedException($"Repository root '{root}' is locked by another run ({e.Message}).", e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new PlanExecutionException($"Repository root '{root}': the executor's lock '{Path.Combine(state, "lock")}' could not be taken ({e.Message}).", e);
            }
        }
    }

    private bool TryRollback(Journal journal, out Exception? error)
    {
        try
        {
            journal.Rollback();
            error = null;
            return true;
        }
        catch (Exception e)
        {
            error = e;
            return false;
        }
    }
}
