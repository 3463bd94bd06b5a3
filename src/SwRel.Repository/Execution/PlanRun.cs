using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using SwRel.IO;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Execution;

/// <summary>
/// One call of <see cref="PlanExecutor"/> on one repository root: the rules of the run (recovery, checks, journal,
/// staging, conflicts), carried out through an <see cref="IFileSystem"/> that never leaves the root.
/// </summary>
internal sealed class PlanRun
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>How long a run waits for a lock that looks held before it reports the root as locked.</summary>
    private const int LockWaitMilliseconds = 500;

    private readonly PlanExecutorOptions _options;
    private readonly IFileSystem _fileSystem;

    /// <summary>Initialises one run over a root, whose file system resolves every path below that root.</summary>
    public PlanRun(PlanExecutorOptions options, IFileSystem fileSystem)
    {
        _options = options;
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
        var fullRoot = root;
        CheckPlan(plan, requireHandlers: true);
        cancellationToken.ThrowIfCancellationRequested();

        using var runLock = TakeLock(fullRoot);
        var recovery = RecoverUnderLock(fullRoot);
        var steps = plan.Steps.IsDefault ? [] : plan.Steps;

        ImmutableArray<PlanConflict> conflicts;
        Journal journal;
        try
        {
            conflicts = PreCheck(steps, fullRoot);
            if (conflicts.Length > 0)
            {
                return new PlanExecutionResult(false, recovery, [], conflicts);
            }

            journal = Journal.Begin(_fileSystem, fullRoot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing in the visible tree has changed; a half-made journal folder is empty and the next run deletes it.
            throw new PlanExecutionException($"The run could not start: {e.Message} Nothing was changed.", null, null, rolledBack: true, e);
        }

        var outcomes = ImmutableArray.CreateBuilder<PlanStepOutcome>(steps.Length);
        var index = -1;
        try
        {
            for (index = 0; index < steps.Length; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (outcome, stepConflicts) = await RunStepAsync(journal, plan, index, fullRoot, cancellationToken).ConfigureAwait(false);
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

            var step = index >= 0 && index < steps.Length ? steps[index] : null;
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
        var fullRoot = root;
        CheckPlan(plan, requireHandlers: false);
        var steps = plan.Steps.IsDefault ? [] : plan.Steps;
        var recovery = Journal.HasPendingRun(_fileSystem, fullRoot) ? JournalRecovery.Pending : JournalRecovery.None;
        var produced = new List<RepositoryPath>();
        var outcomes = ImmutableArray.CreateBuilder<PlanStepOutcome>(steps.Length);
        var conflicts = ImmutableArray.CreateBuilder<PlanConflict>();
        for (var index = 0; index < steps.Length; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = steps[index];
            outcomes.Add(DryRunStep(index, step, fullRoot, produced, conflicts));
        }

        return Task.FromResult(new PlanExecutionResult(true, recovery, outcomes.MoveToImmutable(), conflicts.ToImmutable()));
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

    private void CheckPlan(RepositoryPlan plan, bool requireHandlers)
    {
        var steps = plan.Steps.IsDefault ? [] : plan.Steps;
        for (var index = 0; index < steps.Length; index++)
        {
            var step = steps[index];
            switch (step)
            {
                case null:
                    throw new PlanExecutionException($"Step {index + 1} is missing.", index, null, rolledBack: true, null);
                case FetchStep fetch:
                    CheckPath(index, step, fetch.Destination);
                    break;
                case VerifyStep verify:
                    CheckPath(index, step, verify.Root);
                    break;
                case PublishStep publish:
                    CheckPath(index, step, publish.Source);
                    CheckPath(index, step, publish.Destination);
                    CheckApart(index, step, publish.Source, publish.Destination);
                    break;
                case PromoteStep promote:
                    CheckPath(index, step, promote.Source);
                    CheckPath(index, step, promote.Destination);
                    CheckApart(index, step, promote.Source, promote.Destination);
                    break;
                case WriteRepoFileStep write:
                    CheckPath(index, step, write.Path);
                    break;
                case RemoveStep remove:
                    CheckPath(index, step, remove.Path);
                    break;
                case CleanStep clean:
                    CheckPath(index, step, clean.Path);
                    break;
                case RefreshIndexStep or SetRepositoryUrlStep:
                    break;
                default:
                    throw new PlanExecutionException($"Step {index + 1} has the unknown kind '{step.Kind}'.", index, step.Kind, rolledBack: true, null);
            }

            if (requireHandlers && IsDelegated(step) && _options.StepHandler?.CanHandle(step.Kind) != true)
            {
                throw new PlanExecutionException(
                    $"Step {index + 1} ({step.Kind}) needs a step handler and none is configured for it; nothing was changed.",
                    index,
                    step.Kind,
                    rolledBack: true,
                    null);
            }
        }
    }

    private static void CheckPath(int index, PlanStep step, RepositoryPath path)
    {
        if (path.IsRoot)
        {
            throw new PlanExecutionException($"Step {index + 1} ({step.Kind}) names the repository root itself; it must name a folder or file below it.", index, step.Kind, rolledBack: true, null);
        }

        var segments = path.Value.Split('/');
        if (string.Equals(segments[0], Journal.StateFolderName, StringComparison.Ordinal)
            && (segments.Length == 1 || Journal.IsReserved(segments[1])))
        {
            throw new PlanExecutionException($"Step {index + 1} ({step.Kind}) names '{path}', which the executor keeps for its journal, staging and lock.", index, step.Kind, rolledBack: true, null);
        }
    }

    /// <summary>A copy into its own subtree (or out of it into a folder that holds it) would copy what it is writing.</summary>
    private static void CheckApart(int index, PlanStep step, RepositoryPath source, RepositoryPath destination)
    {
        if (Within(destination, source) || Within(source, destination))
        {
            throw new PlanExecutionException(
                $"Step {index + 1} ({step.Kind}) copies '{source}' to '{destination}', and one lies inside the other; a copy must go to a folder apart from its source.",
                index,
                step.Kind,
                rolledBack: true,
                null);
        }
    }

    private static bool Within(RepositoryPath inner, RepositoryPath outer) =>
        inner.Value == outer.Value || inner.Value.StartsWith(outer.Value + "/", StringComparison.Ordinal);

    private static bool IsDelegated(PlanStep step) => step is FetchStep or VerifyStep or RefreshIndexStep or SetRepositoryUrlStep;

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
        // forks shares until it execs: a lock released a moment ago can still look held. A run that really holds it
        // holds it far longer than the wait.
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

    private ImmutableArray<PlanConflict> PreCheck(ImmutableArray<PlanStep> steps, string root)
    {
        var conflicts = ImmutableArray.CreateBuilder<PlanConflict>();
        for (var index = 0; index < steps.Length; index++)
        {
            switch (steps[index])
            {
                case PublishStep publish when _fileSystem.DirectoryExists(publish.Source.ToLocalPath(root)):
                    AddConflicts(conflicts, index, root, AnalyseCopy(publish.Source, publish.Destination, merge: false, promote: null, root));
                    break;
                case PromoteStep promote when _fileSystem.DirectoryExists(promote.Source.ToLocalPath(root)):
                    AddConflicts(conflicts, index, root, AnalyseCopy(promote.Source, promote.Destination, promote.Merge, promote, root));
                    break;
                case WriteRepoFileStep write when _fileSystem.DirectoryExists(write.Path.ToLocalPath(root)):
                    conflicts.Add(new PlanConflict(index, write.Path, "a folder of that name exists"));
                    break;
            }
        }

        return conflicts.ToImmutable();
    }

    private static void AddConflicts(ImmutableArray<PlanConflict>.Builder conflicts, int index, string root, TreeCopy copy)
    {
        if (copy.Kind != TreeCopyKind.Conflict)
        {
            return;
        }

        foreach (var (path, reason) in copy.Conflicts)
        {
            conflicts.Add(new PlanConflict(index, ToRepositoryPath(root, path), reason));
        }
    }

    private static RepositoryPath ToRepositoryPath(string root, string fullPath) =>
        RepositoryPath.TryParse(Path.GetRelativePath(root, fullPath).Replace(Path.DirectorySeparatorChar, '/'), out var path, out _)
            ? path
            : RepositoryPath.Root;

    private async Task<(PlanStepOutcome? Outcome, ImmutableArray<PlanConflict> Conflicts)> RunStepAsync(
        Journal journal, RepositoryPlan plan, int index, string root, CancellationToken cancellationToken)
    {
        var step = plan.Steps[index];
        switch (step)
        {
            case FetchStep fetch:
                {
                    var destination = fetch.Destination.ToLocalPath(root);
                    if (Exists(destination))
                    {
                        journal.MoveAside(destination);
                    }

                    CreateWithParents(journal, root, [destination], directory: true);
                    var detail = await _options.StepHandler!.HandleAsync(new PlanStepContext(root, plan, index, step), cancellationToken).ConfigureAwait(false);
                    return (Outcome(index, step, PlanStepStatus.Delegated, detail), []);
                }

            case VerifyStep or RefreshIndexStep or SetRepositoryUrlStep:
                {
                    var detail = await _options.StepHandler!.HandleAsync(new PlanStepContext(root, plan, index, step), cancellationToken).ConfigureAwait(false);
                    return (Outcome(index, step, PlanStepStatus.Delegated, detail), []);
                }

            case PublishStep publish:
                return RunCopy(journal, index, step, publish.Source, publish.Destination, merge: false, promote: null, root, cancellationToken);
            case PromoteStep promote:
                return RunCopy(journal, index, step, promote.Source, promote.Destination, promote.Merge, promote, root, cancellationToken);
            case WriteRepoFileStep write:
                return RunWrite(journal, index, write, root);
            case RemoveStep remove:
                return (RunRemove(journal, index, step, remove.Path, root), []);
            case CleanStep clean:
                return (RunRemove(journal, index, step, clean.Path, root), []);
            default:
                throw new PlanExecutionException($"Step {index + 1} has the unknown kind '{step.Kind}'.");
        }
    }

    private (PlanStepOutcome? Outcome, ImmutableArray<PlanConflict> Conflicts) RunCopy(
        Journal journal,
        int index,
        PlanStep step,
        RepositoryPath source,
        RepositoryPath destination,
        bool merge,
        PromoteStep? promote,
        string root,
        CancellationToken cancellationToken)
    {
        var copy = AnalyseCopy(source, destination, merge, promote, root);
        var sourcePath = source.ToLocalPath(root);
        var destinationPath = destination.ToLocalPath(root);
        switch (copy.Kind)
        {
            case TreeCopyKind.Conflict:
                var conflicts = ImmutableArray.CreateBuilder<PlanConflict>();
                AddConflicts(conflicts, index, root, copy);
                return (null, conflicts.ToImmutable());
            case TreeCopyKind.SourceMissing:
                throw new PlanExecutionException($"Step {index + 1} ({step.Kind}): the source '{source}' does not exist.", index, step.Kind, rolledBack: true, null);
            case TreeCopyKind.AlreadyThere:
                return (Outcome(index, step, PlanStepStatus.AlreadyApplied, $"{destination} already holds the release"), []);
        }

        var staging = journal.NewStagingPath();
        _fileSystem.CreateDirectory(staging);
        var createdDirectories = new HashSet<string>(StringComparer.Ordinal) { staging };
        foreach (var file in copy.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = Path.Combine(staging, file.Replace('/', Path.DirectorySeparatorChar));
            var parent = Path.GetDirectoryName(target)!;
            if (createdDirectories.Add(parent))
            {
                _fileSystem.CreateDirectory(parent);
            }

            var from = Path.Combine(sourcePath, file.Replace('/', Path.DirectorySeparatorChar));
            if (!_fileSystem.TryLinkFile(from, target))
            {
                _fileSystem.CopyFile(from, target);
            }
        }

        if (!copy.DestinationExists)
        {
            // The whole folder appears with one rename.
            CreateWithParents(journal, root, [destinationPath], directory: false);
            _fileSystem.Move(staging, destinationPath);
        }
        else
        {
            var targets = copy.Files.Select(f => Path.Combine(destinationPath, f.Replace('/', Path.DirectorySeparatorChar))).ToArray();
            CreateWithParents(journal, root, targets, directory: false);
            for (var i = 0; i < targets.Length; i++)
            {
                _fileSystem.Move(Path.Combine(staging, copy.Files[i].Replace('/', Path.DirectorySeparatorChar)), targets[i]);
            }
        }

        var paths = copy.DestinationExists
            ? copy.Files.Select(f => destination.Value + "/" + f).ToArray()
            : [destination.Value];
        return (Outcome(index, step, PlanStepStatus.Applied, $"copied {Files(copy.Files.Length)} from {source} to {destination}{LeftOut(copy, promote)}", paths), []);
    }

    private (PlanStepOutcome? Outcome, ImmutableArray<PlanConflict> Conflicts) RunWrite(Journal journal, int index, WriteRepoFileStep write, string root)
    {
        var path = write.Path.ToLocalPath(root);
        var content = Utf8.GetBytes(write.Content);
        if (_fileSystem.DirectoryExists(path))
        {
            return (null, [new PlanConflict(index, write.Path, "a folder of that name exists")]);
        }

        if (_fileSystem.FileExists(path) && SameContent(path, content))
        {
            return (Outcome(index, write, PlanStepStatus.AlreadyApplied, $"{write.Path} is up to date"), []);
        }

        var staging = journal.NewStagingPath();
        _fileSystem.WriteNewFile(staging, content);
        var replaced = _fileSystem.FileExists(path);
        if (replaced)
        {
            journal.MoveAside(path);
        }

        CreateWithParents(journal, root, [path], directory: false);
        _fileSystem.Move(staging, path);
        return (Outcome(index, write, PlanStepStatus.Applied, (replaced ? "replaced " : "wrote ") + write.Path, [write.Path.Value]), []);
    }

    private PlanStepOutcome RunRemove(Journal journal, int index, PlanStep step, RepositoryPath path, string root)
    {
        var local = path.ToLocalPath(root);
        if (!Exists(local))
        {
            return Outcome(index, step, PlanStepStatus.AlreadyApplied, $"{path} is absent");
        }

        journal.MoveAside(local);

        // Folders the removal leaves empty go too (journalled like the rest), except the top two levels
        // (sw/unverified, .swrel/scratch), which belong to the layout rather than to a release.
        var segments = path.Value.Split('/');
        for (var depth = segments.Length - 1; depth > 2; depth--)
        {
            var parent = RepositoryPath.Parse(string.Join('/', segments, 0, depth)).ToLocalPath(root);
            if (_fileSystem.ListFiles(parent).Count > 0 || _fileSystem.ListDirectories(parent).Count > 0)
            {
                break;
            }

            journal.MoveAside(parent);
        }

        return Outcome(index, step, PlanStepStatus.Applied, $"removed {path}", [path.Value]);
    }

    /// <summary>Records, then creates, the missing parent folders of each target, and records the targets themselves.</summary>
    private void CreateWithParents(Journal journal, string root, IReadOnlyList<string> targets, bool directory)
    {
        var created = new List<string>();
        var missing = new HashSet<string>(StringComparer.Ordinal);
        var parents = new List<string>();
        foreach (var target in targets)
        {
            var parent = Path.GetDirectoryName(target)!;
            string? topmost = null;
            for (var current = parent;
                current.Length > root.Length && !missing.Contains(current) && !_fileSystem.DirectoryExists(current);
                current = Path.GetDirectoryName(current)!)
            {
                if (_fileSystem.FileExists(current))
                {
                    throw new IOException($"'{current}' is a file where a folder is needed.");
                }

                topmost = current;
            }

            if (topmost is not null)
            {
                created.Add(topmost);
                for (var current = parent; current.Length >= topmost.Length; current = Path.GetDirectoryName(current)!)
                {
                    missing.Add(current);
                }

                parents.Add(parent);
            }
            else if (missing.Contains(parent))
            {
                parents.Add(parent);
            }
        }

        created.AddRange(targets);
        journal.RecordCreate(created);
        foreach (var parent in parents.Distinct(StringComparer.Ordinal))
        {
            _fileSystem.CreateDirectory(parent);
        }

        if (directory)
        {
            foreach (var target in targets)
            {
                _fileSystem.CreateDirectory(target);
            }
        }
    }

    /// <summary>
    /// Works out a copy of <paramref name="source"/> into <paramref name="destination"/>; files whose first segment is
    /// <paramref name="promote"/> <see cref="PromoteStep.Excludes(string)">excludes</see> are left out of everything (the copy,
    /// the conflicts and the already-applied check); a publish (<paramref name="promote"/> <see langword="null"/>) leaves out nothing.
    /// </summary>
    private TreeCopy AnalyseCopy(RepositoryPath source, RepositoryPath destination, bool merge, PromoteStep? promote, string root)
    {
        var sourcePath = source.ToLocalPath(root);
        var destinationPath = destination.ToLocalPath(root);
        if (!_fileSystem.DirectoryExists(sourcePath))
        {
            return Exists(destinationPath)
                ? new TreeCopy(TreeCopyKind.AlreadyThere, [], true, [])
                : new TreeCopy(TreeCopyKind.SourceMissing, [], false, []);
        }

        var listed = _fileSystem.ListFilesRecursively(sourcePath);
        var files = promote is null ? listed : listed.Where(f => !promote.Excludes(f)).ToArray();
        var excluded = listed.Count - files.Count;
        if (_fileSystem.FileExists(destinationPath))
        {
            return Conflict(destinationPath, "a file of that name exists where the release's folder goes");
        }

        if (!_fileSystem.DirectoryExists(destinationPath))
        {
            return new TreeCopy(TreeCopyKind.Copy, [.. files], false, []) { Excluded = excluded };
        }

        if (!merge)
        {
            // Later steps of the same plan add to the release's folder (its repo file, an index), so an
            // applied plan finds every source file there, identical, beside a few more.
            var same = files.All(f =>
            {
                var target = Path.Combine(destinationPath, f.Replace('/', Path.DirectorySeparatorChar));
                return _fileSystem.FileExists(target) && SameContent(Path.Combine(sourcePath, f.Replace('/', Path.DirectorySeparatorChar)), target);
            });
            return same
                ? new TreeCopy(TreeCopyKind.AlreadyThere, [], true, [])
                : Conflict(destinationPath, "the destination exists with other content and this step does not merge");
        }

        var conflicts = ImmutableArray.CreateBuilder<(string, string)>();
        var copies = ImmutableArray.CreateBuilder<string>();
        foreach (var file in files)
        {
            var target = Path.Combine(destinationPath, file.Replace('/', Path.DirectorySeparatorChar));
            var blocker = FileOnTheWay(destinationPath, target);
            if (blocker is not null)
            {
                conflicts.Add((blocker, "a file of that name exists where a folder is needed"));
            }
            else if (_fileSystem.DirectoryExists(target))
            {
                conflicts.Add((target, "a folder of that name exists"));
            }
            else if (!_fileSystem.FileExists(target))
            {
                copies.Add(file);
            }
            else if (!SameContent(Path.Combine(sourcePath, file.Replace('/', Path.DirectorySeparatorChar)), target))
            {
                conflicts.Add((target, "a file of the same name with other content exists"));
            }
        }

        if (conflicts.Count > 0)
        {
            return new TreeCopy(TreeCopyKind.Conflict, [], true, conflicts.DrainToImmutable().Distinct().ToImmutableArray());
        }

        return copies.Count == 0
            ? new TreeCopy(TreeCopyKind.AlreadyThere, [], true, [])
            : new TreeCopy(TreeCopyKind.Copy, copies.ToImmutable(), true, []) { Excluded = excluded };
    }

    private static string LeftOut(TreeCopy copy, PromoteStep? promote) =>
        copy.Excluded == 0 || promote is null ? "" : $", leaving out {Files(copy.Excluded)} under {string.Join(", ", promote.Exclude)}";

    private string? FileOnTheWay(string destination, string target)
    {
        for (var current = Path.GetDirectoryName(target)!; current.Length > destination.Length; current = Path.GetDirectoryName(current)!)
        {
            if (_fileSystem.FileExists(current))
            {
                return current;
            }
        }

        return null;
    }

    private static TreeCopy Conflict(string path, string reason) => new(TreeCopyKind.Conflict, [], true, [(path, reason)]);

    private PlanStepOutcome DryRunStep(int index, PlanStep step, string root, List<RepositoryPath> produced, ImmutableArray<PlanConflict>.Builder conflicts)
    {
        switch (step)
        {
            case FetchStep fetch:
                produced.Add(fetch.Destination);
                return Outcome(index, step, PlanStepStatus.WouldDelegate, $"would fetch {fetch.Source} ({fetch.Protocol}) into {fetch.Destination}");
            case VerifyStep verify:
                return Outcome(index, step, PlanStepStatus.WouldDelegate, $"would verify {verify.Root} against {verify.Manifest}");
            case RefreshIndexStep refresh:
                return Outcome(index, step, PlanStepStatus.WouldDelegate, $"would refresh the index of {refresh.Path}");
            case SetRepositoryUrlStep set:
                return Outcome(index, step, PlanStepStatus.WouldDelegate, $"would set RepositoryURL to {set.Path}");
            case PublishStep publish:
                return DryRunCopy(index, step, publish.Source, publish.Destination, merge: false, promote: null, root, produced, conflicts);
            case PromoteStep promote:
                return DryRunCopy(index, step, promote.Source, promote.Destination, promote.Merge, promote, root, produced, conflicts);
            case WriteRepoFileStep write:
                {
                    var path = write.Path.ToLocalPath(root);
                    if (_fileSystem.DirectoryExists(path))
                    {
                        conflicts.Add(new PlanConflict(index, write.Path, "a folder of that name exists"));
                        return Outcome(index, step, PlanStepStatus.WouldApply, $"would write {write.Path} (conflict)");
                    }

                    if (_fileSystem.FileExists(path))
                    {
                        return SameContent(path, Utf8.GetBytes(write.Content))
                            ? Outcome(index, step, PlanStepStatus.AlreadyApplied, $"{write.Path} is up to date")
                            : Outcome(index, step, PlanStepStatus.WouldApply, $"would replace {write.Path}", [write.Path.Value]);
                    }

                    return Outcome(index, step, PlanStepStatus.WouldApply, $"would write {write.Path}", [write.Path.Value]);
                }

            case RemoveStep remove:
                return DryRunRemove(index, step, remove.Path, root, produced);
            case CleanStep clean:
                return DryRunRemove(index, step, clean.Path, root, produced);
            default:
                throw new PlanExecutionException($"Step {index + 1} has the unknown kind '{step.Kind}'.");
        }
    }

    private PlanStepOutcome DryRunCopy(
        int index,
        PlanStep step,
        RepositoryPath source,
        RepositoryPath destination,
        bool merge,
        PromoteStep? promote,
        string root,
        List<RepositoryPath> produced,
        ImmutableArray<PlanConflict>.Builder conflicts)
    {
        if (!_fileSystem.DirectoryExists(source.ToLocalPath(root)) && IsProduced(source, produced))
        {
            produced.Add(destination);
            return Outcome(index, step, PlanStepStatus.WouldApply, $"would copy what an earlier step puts in {source} to {destination}", [destination.Value]);
        }

        var copy = AnalyseCopy(source, destination, merge, promote, root);
        switch (copy.Kind)
        {
            case TreeCopyKind.Conflict:
                AddConflicts(conflicts, index, root, copy);
                return Outcome(index, step, PlanStepStatus.WouldApply, $"would copy {source} to {destination} ({Plural(copy.Conflicts.Length, "conflict")})");
            case TreeCopyKind.SourceMissing:
                conflicts.Add(new PlanConflict(index, source, "the source does not exist"));
                return Outcome(index, step, PlanStepStatus.WouldApply, $"would copy {source} to {destination} (the source does not exist)");
            case TreeCopyKind.AlreadyThere:
                return Outcome(index, step, PlanStepStatus.AlreadyApplied, $"{destination} already holds the release");
            default:
                produced.Add(destination);
                var paths = copy.DestinationExists ? copy.Files.Select(f => destination.Value + "/" + f).ToArray() : [destination.Value];
                return Outcome(index, step, PlanStepStatus.WouldApply, $"would copy {Files(copy.Files.Length)} from {source} to {destination}{LeftOut(copy, promote)}", paths);
        }
    }

    private PlanStepOutcome DryRunRemove(int index, PlanStep step, RepositoryPath path, string root, List<RepositoryPath> produced) =>
        Exists(path.ToLocalPath(root)) || IsProduced(path, produced)
            ? Outcome(index, step, PlanStepStatus.WouldApply, $"would remove {path}", [path.Value])
            : Outcome(index, step, PlanStepStatus.AlreadyApplied, $"{path} is absent");

    private static bool IsProduced(RepositoryPath path, List<RepositoryPath> produced) =>
        produced.Any(p => Within(path, p));

    private bool Exists(string path) => _fileSystem.DirectoryExists(path) || _fileSystem.FileExists(path);

    private bool SameContent(string path, ReadOnlySpan<byte> content)
    {
        if (_fileSystem.FileLength(path) != content.Length)
        {
            return false;
        }

        using var stream = _fileSystem.OpenRead(path);
        var buffer = new byte[content.Length];
        stream.ReadExactly(buffer);
        return content.SequenceEqual(buffer);
    }

    private bool SameContent(string left, string right)
    {
        if (_fileSystem.FileLength(left) != _fileSystem.FileLength(right))
        {
            return false;
        }

        const int size = 81920;
        var a = ArrayPool<byte>.Shared.Rent(size);
        var b = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            using var x = _fileSystem.OpenRead(left);
            using var y = _fileSystem.OpenRead(right);
            while (true)
            {
                var read = x.ReadAtLeast(a.AsSpan(0, size), size, throwOnEndOfStream: false);
                var other = y.ReadAtLeast(b.AsSpan(0, size), size, throwOnEndOfStream: false);
                if (read != other || !a.AsSpan(0, read).SequenceEqual(b.AsSpan(0, other)))
                {
                    return false;
                }

                if (read < size)
                {
                    return true;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(a);
            ArrayPool<byte>.Shared.Return(b);
        }
    }

    private static PlanStepOutcome Outcome(int index, PlanStep step, PlanStepStatus status, string detail, IEnumerable<string>? paths = null) =>
        new(index, step, status, detail, paths is null ? [] : [.. paths]);

    private static string Files(int count) => Plural(count, "file");

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
