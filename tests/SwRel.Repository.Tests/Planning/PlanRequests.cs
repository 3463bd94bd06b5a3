using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Metadata.Releases;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Tests.Planning;

internal static class PlanRequests
{
    public static RepositoryPlanRequest For(
        RolloutProgress from, RolloutProgress to, ReleaseDescriptor? descriptor = null, string majorRelease = "umd-4",
        TransitionPair? failed = null) => new()
        {
            From = from,
            To = to,
            Descriptor = descriptor ?? Descriptors.Argus,
            MajorRelease = MajorRelease.Parse(majorRelease),
            TicketId = 4711,
            SyncProtocol = SyncProtocol.Rsync,
            SyncUrl = "rsync://provider.example.org/argus/1.7.3/",
            FailedTransition = failed,
        };

    /// <summary>One request per row of the transition table (rows 20–22 once per state or failed transition they apply to).</summary>
    public static IEnumerable<(TransitionRule Rule, RepositoryPlanRequest Request)> EveryTableRow(ReleaseDescriptor descriptor, string majorRelease)
    {
        // Row 12b corrects an entry into StageRollout that the repository never carried out (it defers before any work), so
        // it plans nothing and no failure names it: after it, a failure records row 12 (InVerification → Deferred).
        var rows = TransitionTable.Rules.Where(r => !r.Requires(TransitionConditions.CorrectsRow11Entry)).ToList();
        var fixedRows = rows.Where(r => r.TargetKind == TransitionTargetKind.Fixed && r.From is not null && r.From != RolloutProgress.Failed).ToList();
        foreach (var rule in rows)
        {
            if (rule.Number == 20)
            {
                foreach (var failed in fixedRows)
                {
                    yield return (rule, For(failed.To!.Value, RolloutProgress.Failed, descriptor, majorRelease, new TransitionPair(failed.From!.Value, failed.To!.Value)));
                }

                yield return (rule, For(RolloutProgress.Unverified, RolloutProgress.Failed, descriptor, majorRelease));
            }
            else if (rule.TargetKind == TransitionTargetKind.FailedTransitionSource)
            {
                foreach (var failed in fixedRows)
                {
                    yield return (rule, For(RolloutProgress.Failed, failed.From!.Value, descriptor, majorRelease, new TransitionPair(failed.From!.Value, failed.To!.Value)));
                }
            }
            else if (rule.TargetKind == TransitionTargetKind.FailedTransitionTarget)
            {
                foreach (var failed in fixedRows)
                {
                    yield return (rule, For(RolloutProgress.Failed, failed.To!.Value, descriptor, majorRelease, new TransitionPair(failed.From!.Value, failed.To!.Value)));
                }
            }
            else if (rule.From == RolloutProgress.Failed)
            {
                yield return (rule, For(RolloutProgress.Failed, rule.To!.Value, descriptor, majorRelease));
                foreach (var failed in fixedRows)
                {
                    yield return (rule, For(RolloutProgress.Failed, rule.To!.Value, descriptor, majorRelease, new TransitionPair(failed.From!.Value, failed.To!.Value)));
                }
            }
            else
            {
                yield return (rule, For(rule.From!.Value, rule.To!.Value, descriptor, majorRelease));
            }
        }
    }
}
