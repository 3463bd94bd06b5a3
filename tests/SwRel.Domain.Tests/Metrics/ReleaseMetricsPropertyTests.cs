using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SwRel.Domain.History;
using SwRel.Domain.Metrics;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tests.Metrics;

/// <summary>Laws the metrics obey for any input, legal workflow or not.</summary>
public sealed class ReleaseMetricsPropertyTests
{
    private static readonly DateTimeOffset Start = new(2012, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Histories and reports spread over about half a year: states drawn from every state, or walks of the SPEC table with failures.</summary>
    internal sealed record Input(TicketHistory[] Histories, EarlyAdopterReport[] Reports);

    private static Gen<DateTimeOffset> Instant() =>
        Gen.Choose(0, 180 * 24 * 60).Select(m => Start.AddMinutes(m));

    private static Gen<TicketHistory> HistoryOf(int ticket) =>
        from entries in (from state in Gen.Frequency(
                             (3, Gen.Elements(RolloutProgress.StageRollout, RolloutProgress.InVerification, RolloutProgress.Production)),
                             (2, Gen.Elements(RolloutProgressText.All.ToArray())))
                         from at in Instant()
                         select new StateHistoryEntry(state, at, "someone")).ListOf()
        from hasReport in Gen.Elements(true, false)
        from reportAt in Instant()
        select new TicketHistory(ticket.ToString(System.Globalization.CultureInfo.InvariantCulture), entries, hasReport ? reportAt : null);

    // A history that follows the SPEC §2.1 table from Submitted, where any move may fail (row 20) and the
    // admin then retries (row 22, which may fail again), reverts (row 21), rejects (row 23) or has not acted
    // yet. Built from a list of random numbers so that FsCheck needs no recursion.
    private static Gen<TicketHistory> WorkflowHistoryOf(int ticket) =>
        from start in Instant()
        from length in Gen.Choose(0, 60)
        from choices in Gen.Choose(0, 1_000_000).ListOf(length)
        from hasReport in Gen.Elements(true, false)
        from reportAt in Instant()
        select Walk(ticket.ToString(System.Globalization.CultureInfo.InvariantCulture), start, choices, hasReport ? reportAt : null);

    private static TicketHistory Walk(string ticket, DateTimeOffset start, IReadOnlyList<int> choices, DateTimeOffset? reportAt)
    {
        var next = 0;
        var at = start;
        var state = RolloutProgress.Submitted;
        var entries = new List<StateHistoryEntry> { new(state, at, "provider") };
        while (next + 4 <= choices.Count)
        {
            var targets = TransitionTable.Rules
                .Where(r => r.TargetKind == TransitionTargetKind.Fixed && r.From == state && r.To is { } to && to != RolloutProgress.Failed)
                .Select(r => r.To!.Value)
                .Distinct()
                .ToArray();
            if (targets.Length == 0)
            {
                break;
            }

            // Forward moves three times as likely as the end states Rejected, Ignored and NotPublished, so
            // that walks reach StageRollout and Production often.
            var weighted = targets.SelectMany(t => Enumerable.Repeat(t, RolloutProgressText.IsTerminal(t) && t != RolloutProgress.Production ? 1 : 3)).ToArray();
            var from = state;
            state = weighted[choices[next++] % weighted.Length];
            at = at.AddMinutes(choices[next++] % (20 * 24 * 60));
            entries.Add(new StateHistoryEntry(state, at, "person"));
            while (next + 2 <= choices.Count && choices[next++] % 2 == 0)
            {
                at = at.AddMinutes(5);
                entries.Add(new StateHistoryEntry(RolloutProgress.Failed, at, "repo"));
                var decision = choices[next++];
                at = at.AddMinutes(decision % (10 * 24 * 60));
                switch (decision % 7)
                {
                    case 0:
                        // Nobody has acted yet: the history ends in Failed.
                        return new TicketHistory(ticket, entries, reportAt);
                    case 1 or 2 or 3:
                        entries.Add(new StateHistoryEntry(state, at, "admin"));
                        continue;
                    case 4 or 5:
                        state = from;
                        entries.Add(new StateHistoryEntry(state, at, "admin"));
                        break;
                    default:
                        state = RolloutProgress.Rejected;
                        entries.Add(new StateHistoryEntry(state, at, "admin"));
                        break;
                }

                break;
            }
        }

        return new TicketHistory(ticket, entries, reportAt);
    }

    private static Gen<TicketHistory> AnyHistoryOf(int ticket) =>
        Gen.Frequency((1, HistoryOf(ticket)), (2, WorkflowHistoryOf(ticket)));

    private static Arbitrary<TicketHistory> WorkflowHistories() =>
        Gen.Frequency((1, HistoryOf(1)), (3, WorkflowHistoryOf(1))).ToArbitrary();

    private static Gen<EarlyAdopterReport> ReportOn(int tickets) =>
        from ticket in Gen.Choose(1, tickets + 2)
        from ngi in Gen.Elements("NGI_IT", "NGI_DE", "ngi_de")
        from team in Gen.Elements("A", "B", "b", "C")
        from outcome in Gen.Elements(EarlyAdopterOutcome.Accept, EarlyAdopterOutcome.Reject)
        from at in Instant()
        select new EarlyAdopterReport(ticket.ToString(System.Globalization.CultureInfo.InvariantCulture), team, ngi, outcome, at);

    private static Arbitrary<Input> Inputs() =>
        (from count in Gen.Choose(0, 12)
         from histories in Gen.CollectToArray(Enumerable.Range(1, count).Select(AnyHistoryOf))
         from reports in ReportOn(count).ArrayOf()
         select new Input(histories, reports)).ToArbitrary();

    [Property]
    public Property Counts_are_never_negative() =>
        Prop.ForAll(Inputs(), input =>
        {
            var report = ReleaseMetricsCalculator.Compute(input.Histories, input.Reports);
            return report.Months.All(m => m.Delivered >= 0 && m.PassedVerification >= 0 && m.PassedStageRollout >= 0
                    && m.AcceptedInStageRollout >= 0 && m.RejectedInStageRollout >= 0
                    && m.StageRolloutToProduction.Count >= 0 && m.ProductionToStageRolloutReport.Count >= 0)
                && report.Releases.All(r => r.EarlyAdopterTeams >= 0)
                && report.Teams.All(t => t.Releases > 0)
                && report.Ngis.All(n => n.Releases > 0 && n.Teams > 0);
        });

    // M.SA1.3-7 aggregates M.SA1.3-6: an NGI's releases in a month are at least each of its teams' and at
    // most their sum.
    [Property]
    public Property Per_NGI_totals_are_at_least_each_team_total_and_at_most_their_sum() =>
        Prop.ForAll(Inputs(), input =>
        {
            var report = ReleaseMetricsCalculator.Compute(input.Histories, input.Reports);
            return report.Ngis.All(n =>
            {
                var teams = report.Teams.Where(t => t.Month == n.Month && string.Equals(t.Ngi, n.Ngi, StringComparison.OrdinalIgnoreCase)).ToList();
                return teams.Count == n.Teams
                    && teams.All(t => n.Releases >= t.Releases)
                    && n.Releases <= teams.Sum(t => t.Releases);
            }) && report.Teams.All(t => report.Ngis.Any(n => n.Month == t.Month && n.Ngi == t.Ngi));
        });

    // A release can pass (or be rejected in) stage rollout in a month only if its history has a Production
    // (Rejected) entry in that month with a StageRollout entry before it: whatever failures are reduced, a
    // completed transition happens at the time of a real entry of its target state.
    [Property]
    public Property A_months_M_REPO_3_never_exceeds_the_releases_that_entered_Production_from_StageRollout_then() =>
        Prop.ForAll(Inputs(), input =>
        {
            var report = ReleaseMetricsCalculator.Compute(input.Histories, input.Reports);
            return report.Months.All(m =>
                m.PassedStageRollout <= input.Histories.Count(h => EnteredAfterStageRollout(h, RolloutProgress.Production, m.Month))
                && m.RejectedInStageRollout <= input.Histories.Count(h => EnteredAfterStageRollout(h, RolloutProgress.Rejected, m.Month)));
        });

    // In the workflow a release leaves StageRollout once, for Production or Rejected: however its repository
    // actions failed and were retried, reverted or rejected, it counts at most once in M.REPO-3 and M.SA1.3-3
    // together (skipping Failed counted a reverted promotion in both, or twice in M.REPO-3).
    [Property(MaxTest = 500)]
    public Property A_workflow_release_passes_or_fails_stage_rollout_at_most_once() =>
        Prop.ForAll(WorkflowHistoryOf(1).ToArbitrary(), history =>
        {
            var months = ReleaseMetricsCalculator.Compute([history], []).Months;
            var production = history.CompletedEntries.Where(e => e.State == RolloutProgress.Production).ToList();
            return months.Sum(m => m.PassedStageRollout + m.RejectedInStageRollout) <= 1
                && months.Sum(m => m.StageRolloutToProduction.Count) <= 1
                && production.Count <= 1;
        });

    // The reduction only removes entries: what completed is a subsequence of the history, without Failed.
    [Property]
    public Property Completed_entries_are_a_subsequence_of_the_history_without_Failed() =>
        Prop.ForAll(WorkflowHistories(), history =>
        {
            var completed = history.CompletedEntries;
            var i = 0;
            foreach (var entry in history.Entries)
            {
                if (i < completed.Count && entry == completed[i])
                {
                    i++;
                }
            }

            return i == completed.Count
                && completed.All(e => e.State != RolloutProgress.Failed)
                && (history.Entries.Any(e => e.State == RolloutProgress.Failed) || completed.SequenceEqual(history.Entries));
        });

    // SPEC §2.1 row 21: a reverted attempt (X, Failed, back to the state before) leaves no trace.
    [Property]
    public Property A_reverted_attempt_leaves_the_completed_entries_unchanged() =>
        Prop.ForAll(WorkflowHistories(), Gen.Elements(RolloutProgressText.All.ToArray()).ToArbitrary(), (history, attempted) =>
        {
            if (history.Entries.Count == 0 || attempted == RolloutProgress.Failed || history.Entries[^1].State is var last && (last == RolloutProgress.Failed || last == attempted))
            {
                return true;
            }

            var at = history.Entries[^1].EnteredAtUtc;
            var reverted = new TicketHistory(history.Ticket, [
                .. history.Entries,
                new StateHistoryEntry(attempted, at.AddHours(1), "person"),
                new StateHistoryEntry(RolloutProgress.Failed, at.AddHours(2), "repo"),
                new StateHistoryEntry(history.Entries[^1].State, at.AddHours(3), "admin"),
            ]);
            return reverted.CompletedEntries.SequenceEqual(history.CompletedEntries);
        });

    // SPEC §2.1 row 22: a retried attempt completes as if the move had been made at the time of the retry.
    [Property]
    public Property A_retried_attempt_counts_as_the_move_made_at_the_retry() =>
        Prop.ForAll(WorkflowHistories(), Gen.Elements(RolloutProgressText.All.ToArray()).ToArbitrary(), (history, attempted) =>
        {
            if (history.Entries.Count == 0 || history.Entries[^1].State == RolloutProgress.Failed || attempted == RolloutProgress.Failed)
            {
                return true;
            }

            var at = history.Entries[^1].EnteredAtUtc;
            var retry = new StateHistoryEntry(attempted, at.AddHours(3), "admin");
            var retried = new TicketHistory(history.Ticket, [
                .. history.Entries,
                new StateHistoryEntry(attempted, at.AddHours(1), "person"),
                new StateHistoryEntry(RolloutProgress.Failed, at.AddHours(2), "repo"),
                retry,
            ]);
            var moved = new TicketHistory(history.Ticket, [.. history.Entries, retry]);
            return retried.CompletedEntries.SequenceEqual(moved.CompletedEntries);
        });

    [Property]
    public Property M_REPO_3_and_M_SA1_3_2_agree_and_bound_the_duration_count() =>
        Prop.ForAll(Inputs(), input =>
        {
            var report = ReleaseMetricsCalculator.Compute(input.Histories, input.Reports);
            return report.Months.All(m =>
                m.PassedStageRollout == m.AcceptedInStageRollout
                && m.StageRolloutToProduction.Count <= m.PassedStageRollout
                && m.StageRolloutToProduction.Median >= TimeSpan.Zero | m.StageRolloutToProduction.Count == 0);
        });

    [Property]
    public Property Months_are_contiguous_from_From_to_To() =>
        Prop.ForAll(Inputs(), input =>
        {
            var report = ReleaseMetricsCalculator.Compute(input.Histories, input.Reports);
            if (report.From is not { } from || report.To is not { } to)
            {
                return report.Months.Count == 0;
            }

            return report.Months.Count == to.MonthsSince(from) + 1
                && report.Months.Select((m, i) => m.Month.MonthsSince(from) == i).All(x => x);
        });

    // A month's figures depend only on the data, not on the range asked for.
    [Property]
    public Property A_month_has_the_same_figures_in_any_range_that_covers_it() =>
        Prop.ForAll(Inputs(), Gen.Choose(0, 5).ToArbitrary(), (input, offset) =>
        {
            var whole = ReleaseMetricsCalculator.Compute(input.Histories, input.Reports, UtcMonth.Create(2012, 1), UtcMonth.Create(2012, 6));
            var month = UtcMonth.Create(2012, 1 + offset);
            var single = ReleaseMetricsCalculator.Compute(input.Histories, input.Reports, month, month);
            return single.Months.Single() == whole.Months[offset]
                && single.Teams.SequenceEqual(whole.Teams.Where(t => t.Month == month))
                && single.Ngis.SequenceEqual(whole.Ngis.Where(n => n.Month == month));
        });

    [Property]
    public Property Delivered_over_all_months_never_exceeds_the_tickets() =>
        Prop.ForAll(Inputs(), input =>
            ReleaseMetricsCalculator.Compute(input.Histories, input.Reports).Months.Sum(m => m.Delivered)
                <= input.Histories.Length);

    private static bool EnteredAfterStageRollout(TicketHistory history, RolloutProgress state, UtcMonth month)
    {
        var entries = history.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].State == state
                && UtcMonth.Of(entries[i].EnteredAtUtc) == month
                && entries.Take(i).Any(e => e.State == RolloutProgress.StageRollout))
            {
                return true;
            }
        }

        return false;
    }
}
