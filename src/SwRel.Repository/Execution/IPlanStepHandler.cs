namespace SwRel.Repository.Execution;

/// <summary>
/// Carries out the steps that are not file-system work: <c>fetch</c> (a transport), <c>verify</c>
/// (the checksum verifier), <c>refresh-index</c> (the index command) and <c>set-repository-url</c>
/// (the ticket gateway).
/// </summary>
/// <remarks>
/// The executor calls the handler in plan order, inside the run's transaction. For a fetch, the
/// destination folder is empty or absent when the handler is called, and the executor removes it
/// again if the run is rolled back. Other effects of a handler (a ticket field, an index) are not
/// undone: handlers must be idempotent, because a rolled-back plan is applied again from the start.
/// Throw to fail the step; the executor then rolls the run back and throws a
/// <see cref="PlanExecutionException"/> wrapping the handler's exception.
/// </remarks>
public interface IPlanStepHandler
{
    /// <summary>Gets whether this handler carries out steps of the given kind (for example <c>fetch</c>).</summary>
    /// <param name="kind">The step kind.</param>
    /// <returns><see langword="true"/> when <see cref="HandleAsync"/> accepts such steps.</returns>
    bool CanHandle(string kind);

    /// <summary>Carries out one step.</summary>
    /// <param name="context">The step and where the repository is.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>A sentence saying what was done, shown in the step's outcome.</returns>
    ValueTask<string> HandleAsync(PlanStepContext context, CancellationToken cancellationToken);
}
