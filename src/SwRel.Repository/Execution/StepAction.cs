using SwRel.Repository.Planning;

namespace SwRel.Repository.Execution;

/// <summary>
/// What the executor does for one kind of step: the paths it names (checked before a run), the conflicts it can see
/// before anything changes, how it is applied and how a dry run reports it.
/// </summary>
/// <remarks>Each kind of <see cref="PlanStep"/> has one action type; <see cref="For"/> is the only place that maps them.</remarks>
internal abstract class StepAction
{
    protected StepAction(PlanStep step) => Step = step;

    /// <summary>Gets the step.</summary>
    public PlanStep Step { get; }

    /// <summary>Gets the paths below the root that the step names.</summary>
    public abstract IEnumerable<RepositoryPath> Paths { get; }

    /// <summary>Gets whether the step goes to the plan's <see cref="IPlanStepHandler"/>.</summary>
    public virtual bool IsDelegated => false;

    /// <summary>Returns the action for a step, or <see langword="null"/> for a kind the executor does not know.</summary>
    public static StepAction? For(PlanStep step) => step switch
    {
        FetchStep fetch => new FetchStepAction(fetch),
        VerifyStep verify => new DelegatedStepAction(verify, $"would verify {verify.Root} against {verify.Manifest}", verify.Root),
        RefreshIndexStep refresh => new RefreshIndexStepAction(refresh),
        SetRepositoryUrlStep set => new DelegatedStepAction(set, $"would set RepositoryURL to {set.Path}"),
        PublishStep publish => new CopyStepAction(publish, publish.Source, publish.Destination, merge: false, promote: null),
        PromoteStep promote => new CopyStepAction(promote, promote.Source, promote.Destination, promote.Merge, promote),
        WriteRepoFileStep write => new WriteRepoFileStepAction(write),
        RemoveStep remove => new RemoveStepAction(remove, remove.Path),
        CleanStep clean => new RemoveStepAction(clean, clean.Path),
        _ => null,
    };

    /// <summary>Refuses, before anything changes, a step whose paths the executor must not touch.</summary>
    /// <exception cref="PlanExecutionException">A path is the root or the executor's own state.</exception>
    public virtual void Check(int index)
    {
        foreach (var path in Paths)
        {
            if (path.IsRoot)
            {
                throw Refusal(index, "names the repository root itself; it must name a folder or file below it.");
            }

            var segments = path.Value.Split('/');
            if (string.Equals(segments[0], Journal.StateFolderName, StringComparison.Ordinal)
                && (segments.Length == 1 || Journal.IsReserved(segments[1])))
            {
                throw Refusal(index, $"names '{path}', which the executor keeps for its journal, staging and lock.");
            }
        }
    }

    /// <summary>Returns the conflicts the current tree shows for this step, before anything changes.</summary>
    public virtual IEnumerable<PlanConflict> FindConflicts(TreeCopyAnalysis copies, int index) => [];

    /// <summary>Applies the step inside the run's transaction.</summary>
    public abstract ValueTask<StepResult> ApplyAsync(ApplyContext context, CancellationToken cancellationToken);

    /// <summary>Reports what applying the step would do, changing nothing.</summary>
    public abstract PlanStepOutcome DryRun(PlanDryRun dryRun, int index);

    public static string Files(int count) => Plural(count, "file");

    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    protected PlanStepOutcome Outcome(int index, PlanStepStatus status, string detail, IEnumerable<string>? paths = null) =>
        new(index, Step, status, detail, paths is null ? [] : [.. paths]);

    protected PlanExecutionException Refusal(int index, string what) =>
        new($"Step {index + 1} ({Step.Kind}) {what}", index, Step.Kind, rolledBack: true, null);
}
