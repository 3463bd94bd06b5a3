using System.Collections.Immutable;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;

namespace SwRel.Cli.Commands;

/// <summary>
/// Refuses to apply plans that refresh a repository index when neither <c>--index-command</c> nor a signing key
/// (<c>--gpg-home</c> and <c>--gpg-key</c>) is given, reporting at once
/// everything else a dry run finds wrong with them, so that adding the flag is not followed by a second refusal.
/// </summary>
internal static class IndexCommandCheck
{
    /// <summary>Reports the missing flag and every other problem, or returns <see langword="null"/> when the flag is not needed.</summary>
    /// <param name="console">Where the errors go (standard error).</param>
    /// <param name="executor">The executor whose dry run finds the other problems; it changes nothing.</param>
    /// <param name="plans">The plans to apply.</param>
    /// <param name="root">The repository root.</param>
    /// <param name="indexCommand">The <c>--index-command</c> value, if any.</param>
    /// <param name="publishing">Whether a signing key is given, so the built-in publisher refreshes indexes.</param>
    /// <param name="cancellationToken">Cancels the dry run.</param>
    /// <returns><see cref="ExitCodes.Invalid"/> when the flag is missing and needed (the plan cannot be applied as asked); otherwise <see langword="null"/>.</returns>
    public static async Task<int?> RefuseWithoutFlagAsync(
        CliConsole console, PlanExecutor executor, ImmutableArray<RepositoryPlan> plans, string root, string? indexCommand, bool publishing,
        CancellationToken cancellationToken)
    {
        if (indexCommand is not null || publishing || !plans.Any(p => !p.Steps.IsDefault && p.Steps.Any(s => s is RefreshIndexStep)))
        {
            return null;
        }

        for (var index = 0; index < plans.Length; index++)
        {
            var plan = plans[index];
            var name = plans.Length == 1 ? "The plan" : $"Plan {index + 1} ({plan.From} -> {plan.To})";
            foreach (var refresh in plan.Steps.OfType<RefreshIndexStep>())
            {
                console.Error.WriteLine($"swrel: {name} refreshes the index of {refresh.Path}: give --index-command PROGRAM (for example createrepo_c), which is run with that folder as its argument, or --gpg-home DIR with --gpg-key KEY to index and sign it with the built-in publisher.");
            }

            try
            {
                var dryRun = await executor.DryRunAsync(plan, root, cancellationToken).ConfigureAwait(false);
                foreach (var conflict in dryRun.Conflicts)
                {
                    console.Error.WriteLine($"swrel: {name}, {conflict}.");
                }
            }
            catch (PlanExecutionException e)
            {
                console.Error.WriteLine($"swrel: {name}: {e.Message}");
            }
        }

        return ExitCodes.Invalid;
    }
}
