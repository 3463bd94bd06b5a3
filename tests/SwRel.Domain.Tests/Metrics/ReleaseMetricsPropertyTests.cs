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

    /// <summary>Histories and reports spread over about half a year, with states drawn from every state.</summary>
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

    private static Gen<EarlyAdopterReport> ReportOn(int tickets) =>
        from ticket in Gen.Choose(1, tickets + 2)
        from ngi in Gen.Elements("NGI_IT", "NGI_DE", "ngi_de")
        from team in Gen.Elements("A", "B", "b", "C")
        from outcome in Gen.Elements(EarlyAdopterOutcome.Accept, EarlyAdopterOutcome.Reject)
        from at in Instant()
        select new EarlyAdopterReport(ticket.ToString(System.Globalization.CultureInfo.InvariantCulture), team, ngi, outcome, at);

    private static Arbitrary<Input> Inputs() =>
        (from count in Gen.Choose(0, 12)
         from histories in Gen.CollectToArray(Enumerable.Range(1, count).Select(HistoryOf))
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

    // A release can pass stage rollout in a month only if it was in StageRollout at some time in that month.
    // Computed here independently: a StageRollout stay runs from its entry to the next entry that is
    // neither Failed nor StageRollout, inclusive.
    [Property]
    public Property A_months_M_REPO_3_never_exceeds_the_releases_in_StageRollout_that_month() =>
        Prop.ForAll(Inputs(), input =>
        {
            var report = ReleaseMetricsCalculator.Compute(input.Histories, input.Reports);
            return report.Months.All(m =>
                m.PassedStageRollout <= input.Histories.Count(h => WasInStageRollout(h, m.Month))
                && m.RejectedInStageRollout <= input.Histories.Count(h => WasInStageRollout(h, m.Month)));
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

    private static bool WasInStageRollout(TicketHistory history, UtcMonth month)
    {
        var entries = history.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].State != RolloutProgress.StageRollout)
            {
                continue;
            }

            var end = DateTimeOffset.MaxValue;
            for (var j = i + 1; j < entries.Count; j++)
            {
                if (entries[j].State is not (RolloutProgress.Failed or RolloutProgress.StageRollout))
                {
                    end = entries[j].EnteredAtUtc;
                    break;
                }
            }

            if (entries[i].EnteredAtUtc < month.EndUtc && end >= month.StartUtc)
            {
                return true;
            }
        }

        return false;
    }
}
