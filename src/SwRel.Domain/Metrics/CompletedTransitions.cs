using SwRel.Domain.History;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Metrics;

/// <summary>Reduces every failed repository action in a state history to the transition that actually completed.</summary>
/// <remarks>
/// <para>
/// A person moves the ticket first (<c>W → X</c>) and the repository then fails the action for that move
/// (SPEC §2.1 row 20), so a failure reads <c>W, X, Failed, Y</c>, where <c>Y</c> is what the admin chose:
/// </para>
/// <list type="bullet">
/// <item><c>Y = X</c>, a retry (row 22): <c>W → X</c> completed at <c>Y</c>'s time; the result is <c>W, X</c> with
/// <c>X</c> at <c>Y</c>'s time and actor.</item>
/// <item><c>Y = W</c>, a revert (row 21): <c>X</c> never happened and the ticket never left <c>W</c>; the result is
/// <c>W</c> with its original entry.</item>
/// <item><c>Y = Rejected</c> (row 23): the release is rejected from where it really was; the result is
/// <c>W, Rejected</c> at <c>Y</c>'s time.</item>
/// <item>any other <c>Y</c> (not produced by the SPEC workflow, for example the older shape
/// <c>InVerification, Failed, StageRollout</c>): Failed is skipped, the result is <c>W, X, Y</c>.</item>
/// </list>
/// <para>
/// The rules are checked in that order. Consecutive Failed entries count as one. A history that ends in
/// Failed drops its <c>X</c>: that transition has not completed (yet). Failures are reduced one after the
/// other in time order, so a retried or reverted attempt can itself fail again. The result never holds
/// Failed, and a history without Failed is returned as it is. Stateless and thread-safe.
/// </para>
/// </remarks>
internal static class CompletedTransitions
{
    /// <summary>Reduces a history given in time order.</summary>
    /// <param name="entries">The entries in time order.</param>
    /// <returns>The entries of the transitions that completed, in time order, without Failed.</returns>
    public static IReadOnlyList<StateHistoryEntry> Reduce(IReadOnlyList<StateHistoryEntry> entries)
    {
        var completed = new List<StateHistoryEntry>(entries.Count);
        var pending = false;
        foreach (var entry in entries)
        {
            if (entry.State == RolloutProgress.Failed)
            {
                pending = true;
                continue;
            }

            if (!pending || completed.Count == 0)
            {
                pending = false;
                completed.Add(entry);
                continue;
            }

            pending = false;
            var attempted = completed[^1].State;
            RolloutProgress? before = completed.Count >= 2 ? completed[^2].State : null;
            if (entry.State == attempted)
            {
                // Retry (row 22): the attempted transition completes now.
                completed[^1] = entry;
            }
            else if (entry.State == before)
            {
                // Revert (row 21): the attempt never happened; the ticket stayed where it was.
                completed.RemoveAt(completed.Count - 1);
            }
            else if (entry.State == RolloutProgress.Rejected)
            {
                // Row 23: rejected from the state the ticket really was in.
                completed[^1] = entry;
            }
            else
            {
                // Not a SPEC shape: keep the old reading, Failed skipped.
                completed.Add(entry);
            }
        }

        if (pending && completed.Count > 0)
        {
            // The last attempt failed and nobody has retried it yet: it has not completed.
            completed.RemoveAt(completed.Count - 1);
        }

        return completed;
    }
}
