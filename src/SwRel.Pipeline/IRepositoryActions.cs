using SwRel.Repository.Execution;

namespace SwRel.Pipeline;

/// <summary>
/// Carries out the repository's part of one transition of one ticket: read and validate the
/// release's metadata, plan, fetch, verify and execute (SPEC §11, §12).
/// </summary>
/// <remarks>
/// <see cref="RepositoryActions"/> is the implementation over the planner, the executor and the
/// transports. Implementations must be idempotent (the processor runs an action again after a
/// crash) and safe for concurrent use on different releases. Any exception other than a
/// cancellation is a failure that the processor records on the ticket.
/// </remarks>
public interface IRepositoryActions
{
    /// <summary>Carries out the repository work for <paramref name="context"/>.</summary>
    /// <param name="context">The ticket and the transition.</param>
    /// <param name="cancellationToken">Cancels the work; a cancelled action is run again later.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="RepositoryActionException">The release or the ticket is not fit for the transition; the message says why.</exception>
    ValueTask<RepositoryActionResult> RunAsync(RepositoryActionContext context, CancellationToken cancellationToken);
}
