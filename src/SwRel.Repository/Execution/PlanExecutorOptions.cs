namespace SwRel.Repository.Execution;

/// <summary>Settings of a <see cref="PlanExecutor"/>.</summary>
/// <remarks>Defaults: no step handler, so plans holding fetch, verify, refresh-index or set-repository-url steps are refused before anything changes.</remarks>
public sealed class PlanExecutorOptions
{
    /// <summary>Gets or sets the handler for the steps that are not file-system work.</summary>
    public IPlanStepHandler? StepHandler { get; set; }
}
