using SwRel.Domain.History;
using SwRel.Domain.Metrics;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tests.Metrics;

/// <summary>
/// One small, hand-worked scenario: six tickets and seven EA reports over January to March 2012 (UTC).
/// Every expected figure below is worked out by hand in the comment above it.
/// </summary>
public sealed class ReleaseMetricsScenarioTests
{
    private static readonly DateTimeOffset Jan = new(2012, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal static IReadOnlyList<TicketHistory> Histories { get; } =
    [
        // 101: the ordinary path. Passes verification in January (InVerification -> StageRollout 01-20),
        // passes stage rollout in February (StageRollout 01-20 09:00 -> Production 02-03 09:00 = 14 days),
        // report set one day after Production.
        History("101", At("2012-02-04T09:00:00Z"),
            (RolloutProgress.Submitted, "2012-01-10T09:00:00Z"),
            (RolloutProgress.Unverified, "2012-01-11T09:00:00Z"),
            (RolloutProgress.InVerification, "2012-01-12T09:00:00Z"),
            (RolloutProgress.StageRollout, "2012-01-20T09:00:00Z"),
            (RolloutProgress.Production, "2012-02-03T09:00:00Z")),

        // 102: created one second before February (counts in January), deferred in February (passes
        // verification then), moved into StageRollout 02-10, the repository fails that move, the admin
        // retries (row 22) and the move completes 02-11: Deferred -> StageRollout at 02-11. Production 02-21:
        // from the StageRollout entry that completed = 10 days. Report set 12 hours BEFORE Production: -12 hours.
        History("102", At("2012-02-20T12:00:00Z"),
            (RolloutProgress.Submitted, "2012-01-31T23:59:59Z"),
            (RolloutProgress.Unverified, "2012-02-01T00:00:00Z"),
            (RolloutProgress.InVerification, "2012-02-02T00:00:00Z"),
            (RolloutProgress.Deferred, "2012-02-05T00:00:00Z"),
            (RolloutProgress.StageRollout, "2012-02-10T00:00:00Z"),
            (RolloutProgress.Failed, "2012-02-10T00:05:00Z"),
            (RolloutProgress.StageRollout, "2012-02-11T00:00:00Z"),
            (RolloutProgress.Production, "2012-02-21T00:00:00Z")),

        // 103: created at 2012-03-01T01:00+02:00, which is 2012-02-29T23:00Z (a leap day): a February
        // ticket. Passes verification in March, then is rejected in stage rollout in March.
        History("103", null,
            (RolloutProgress.Submitted, "2012-03-01T01:00:00+02:00"),
            (RolloutProgress.Unverified, "2012-03-01T10:00:00Z"),
            (RolloutProgress.InVerification, "2012-03-02T10:00:00Z"),
            (RolloutProgress.WaitingForResponse, "2012-03-03T10:00:00Z"),
            (RolloutProgress.InVerification, "2012-03-05T10:00:00Z"),
            (RolloutProgress.StageRollout, "2012-03-06T10:00:00Z"),
            (RolloutProgress.Rejected, "2012-03-16T10:00:00Z")),

        // 104: an emergency release straight to Production from Unverified: created in March, but it did
        // not pass verification or stage rollout, and has no report, so no M.SA1.3-4 or -5.
        History("104", null,
            (RolloutProgress.Submitted, "2012-03-01T00:00:00Z"),
            (RolloutProgress.Unverified, "2012-03-01T12:00:00Z"),
            (RolloutProgress.Production, "2012-03-02T00:00:00Z")),

        // 105: created in February; moved InVerification -> StageRollout on 02-28, the repository failed
        // the move, the admin retried on 03-02 (row 22): the move completed in March, so it passes
        // verification in March, not February. Production 03-09: 7 days after the retry. Report 03-12: +3 days.
        History("105", At("2012-03-12T00:00:00Z"),
            (RolloutProgress.Submitted, "2012-02-15T00:00:00Z"),
            (RolloutProgress.Unverified, "2012-02-16T00:00:00Z"),
            (RolloutProgress.InVerification, "2012-02-17T00:00:00Z"),
            (RolloutProgress.StageRollout, "2012-02-28T00:00:00Z"),
            (RolloutProgress.Failed, "2012-02-28T00:05:00Z"),
            (RolloutProgress.StageRollout, "2012-03-02T00:00:00Z"),
            (RolloutProgress.Production, "2012-03-09T00:00:00Z")),

        // 106: a truncated history that starts at Unverified: never counted as delivered.
        History("106", null,
            (RolloutProgress.Unverified, "2012-01-05T00:00:00Z"),
            (RolloutProgress.Rejected, "2012-01-06T00:00:00Z")),
    ];

    internal static IReadOnlyList<EarlyAdopterReport> Reports { get; } =
    [
        new("101", "TeamA", "NGI_IT", EarlyAdopterOutcome.Accept, At("2012-01-25T00:00:00Z")),
        new("101", "TeamB", "NGI_IT", EarlyAdopterOutcome.Reject, At("2012-01-26T00:00:00Z")),
        new("101", "teama", "ngi_it", EarlyAdopterOutcome.Accept, At("2012-02-01T00:00:00Z")),
        new("102", "TeamA", "NGI_IT", EarlyAdopterOutcome.Accept, At("2012-02-15T00:00:00Z")),
        new("102", "TeamC", "NGI_DE", EarlyAdopterOutcome.Accept, At("2012-02-16T00:00:00Z")),
        new("105", "TeamC", "NGI_DE", EarlyAdopterOutcome.Accept, At("2012-03-05T00:00:00Z")),
        new("999", "TeamC", "NGI_DE", EarlyAdopterOutcome.Reject, At("2012-03-06T00:00:00Z")),
    ];

    private static ReleaseMetricsReport Report => ReleaseMetricsCalculator.Compute(Histories, Reports);

    // The data runs from 2012-01-05 (ticket 106) to 2012-03-16 (ticket 103): three months.
    [Fact]
    public void The_range_defaults_to_the_months_of_the_data()
    {
        Assert.Equal(UtcMonth.Create(2012, 1), Report.From);
        Assert.Equal(UtcMonth.Create(2012, 3), Report.To);
        Assert.Equal(["2012-01", "2012-02", "2012-03"], Report.Months.Select(m => m.Month.ToString()));
    }

    // SPEC §7 M.REPO-1: "releases delivered: tickets created (entered Submitted) in the month".
    // January: 101 (01-10) and 102 (01-31 23:59:59) = 2. February: 103 (02-29 23:00Z) and 105 = 2.
    // March: 104 = 1. 106 has no Submitted entry.
    [Fact]
    public void Delivered_counts_tickets_by_the_UTC_month_of_their_Submitted_entry() =>
        Assert.Equal([2, 2, 1], Report.Months.Select(m => m.Delivered));

    // SPEC §7 M.REPO-2: "tickets that left InVerification for StageRollout or Deferred in the month".
    // January: 101. February: 102 (to Deferred). March: 103 and 105 (its retry on 03-02).
    [Fact]
    public void Passed_verification_counts_moves_out_of_InVerification_into_StageRollout_or_Deferred() =>
        Assert.Equal([1, 1, 2], Report.Months.Select(m => m.PassedVerification));

    // SPEC §7 M.REPO-3 and M.SA1.3-2: "tickets that entered Production from StageRollout in the month".
    // February: 101, 102. March: 105 (104 came from Unverified and does not count).
    [Fact]
    public void Passed_stage_rollout_counts_StageRollout_to_Production_only()
    {
        Assert.Equal([0, 2, 1], Report.Months.Select(m => m.PassedStageRollout));
        Assert.Equal([0, 2, 1], Report.Months.Select(m => m.AcceptedInStageRollout));
    }

    // SPEC §7 M.SA1.3-3: "releases that entered Rejected from StageRollout". March: 103. 106 was
    // rejected from Unverified and does not count.
    [Fact]
    public void Rejected_in_stage_rollout_counts_StageRollout_to_Rejected_only() =>
        Assert.Equal([0, 0, 1], Report.Months.Select(m => m.RejectedInStageRollout));

    // SPEC §7 M.SA1.3-4: "time from its last StageRollout entry to Production; with median and 90th
    // percentile per month". February: 101 = 14d, 102 = 10d; sorted [10d, 14d]; nearest rank: median
    // rank ceil(0.5 x 2) = 1 -> 10d; p90 rank ceil(0.9 x 2) = 2 -> 14d. March: 105 = 7d alone.
    [Fact]
    public void Stage_rollout_duration_is_summarised_by_the_month_of_Production()
    {
        var months = Report.Months;
        Assert.Equal(DurationSummary.Empty, months[0].StageRolloutToProduction);
        Assert.Equal(new DurationSummary(2, TimeSpan.FromDays(10), TimeSpan.FromDays(14)), months[1].StageRolloutToProduction);
        Assert.Equal(new DurationSummary(1, TimeSpan.FromDays(7), TimeSpan.FromDays(7)), months[2].StageRolloutToProduction);
    }

    // SPEC §7 M.SA1.3-5: "time from Production to its StageRolloutReport being set". February: 101 = +1d,
    // 102 = -12h; sorted [-12h, +1d]: median -12h, p90 +1d. March: 105 = +3d (104 has no report).
    [Fact]
    public void Report_delay_is_signed_and_summarised_by_the_month_of_Production()
    {
        var months = Report.Months;
        Assert.Equal(new DurationSummary(2, TimeSpan.FromHours(-12), TimeSpan.FromDays(1)), months[1].ProductionToStageRolloutReport);
        Assert.Equal(new DurationSummary(1, TimeSpan.FromDays(3), TimeSpan.FromDays(3)), months[2].ProductionToStageRolloutReport);
    }

    // SPEC §7 M.SA1.3-1: "per release: distinct EA teams that reported on it". 101: TeamA (twice, once
    // spelled teama) and TeamB = 2. 102: TeamA, TeamC = 2. 105: TeamC = 1. 999 has reports but no history.
    [Fact]
    public void Each_release_counts_its_distinct_early_adopter_teams()
    {
        var releases = Report.Releases;
        Assert.Equal(["101", "102", "103", "104", "105", "106", "999"], releases.Select(r => r.Ticket));
        Assert.Equal([2, 2, 0, 0, 1, 0, 1], releases.Select(r => r.EarlyAdopterTeams));
    }

    [Fact]
    public void Each_release_carries_its_own_stage_rollout_and_report_durations()
    {
        var byTicket = Report.Releases.ToDictionary(r => r.Ticket);
        Assert.Equal(TimeSpan.FromDays(14), byTicket["101"].StageRolloutToProduction);
        Assert.Equal(TimeSpan.FromDays(1), byTicket["101"].ProductionToStageRolloutReport);
        Assert.Equal(TimeSpan.FromDays(10), byTicket["102"].StageRolloutToProduction);
        Assert.Equal(TimeSpan.FromHours(-12), byTicket["102"].ProductionToStageRolloutReport);
        Assert.Null(byTicket["103"].ProductionAtUtc);
        Assert.Equal(At("2012-03-02T00:00:00Z"), byTicket["104"].ProductionAtUtc);
        Assert.Null(byTicket["104"].StageRolloutToProduction);
        Assert.Null(byTicket["104"].ProductionToStageRolloutReport);
    }

    // SPEC §7 M.SA1.3-6: "per EA team per month: distinct releases it reported on".
    // January: TeamA {101}, TeamB {101}. February: TeamC {102}; TeamA {101 (as teama), 102} = 2.
    // March: TeamC {105, 999} = 2. Names keep their first spelling.
    [Fact]
    public void Teams_count_distinct_releases_per_month()
    {
        var rows = Report.Teams.Select(t => $"{t.Month} {t.Ngi} {t.Team} {t.Releases}");
        Assert.Equal(
            [
                "2012-01 NGI_IT TeamA 1",
                "2012-01 NGI_IT TeamB 1",
                "2012-02 NGI_DE TeamC 1",
                "2012-02 NGI_IT TeamA 2",
                "2012-03 NGI_DE TeamC 2",
            ],
            rows);
    }

    // SPEC §7 M.SA1.3-7: "per NGI per month: distinct releases its teams reported on".
    // January: NGI_IT, teams A and B, both on 101 -> 1 release. February: NGI_DE 1 team 1 release;
    // NGI_IT 1 team (A) 2 releases. March: NGI_DE 1 team 2 releases.
    [Fact]
    public void Ngis_count_distinct_releases_of_all_their_teams_per_month()
    {
        var rows = Report.Ngis.Select(n => $"{n.Month} {n.Ngi} {n.Teams} {n.Releases}");
        Assert.Equal(["2012-01 NGI_IT 2 1", "2012-02 NGI_DE 1 1", "2012-02 NGI_IT 1 2", "2012-03 NGI_DE 1 2"], rows);
    }

    // A range narrows every list: February alone.
    [Fact]
    public void A_range_keeps_only_its_months_and_the_releases_active_in_it()
    {
        var feb = UtcMonth.Create(2012, 2);
        var report = ReleaseMetricsCalculator.Compute(Histories, Reports, feb, feb);

        var month = Assert.Single(report.Months);
        Assert.Equal(2, month.Delivered);
        Assert.Equal(2, month.PassedStageRollout);
        Assert.Equal(["101", "102", "103", "105"], report.Releases.Select(r => r.Ticket));
        Assert.All(report.Teams, t => Assert.Equal(feb, t.Month));
        Assert.All(report.Ngis, n => Assert.Equal(feb, n.Month));
    }

    [Fact]
    public void A_range_wider_than_the_data_lists_every_month_with_zeros()
    {
        var report = ReleaseMetricsCalculator.Compute(Histories, Reports, UtcMonth.Create(2011, 11), UtcMonth.Create(2012, 4));

        Assert.Equal(6, report.Months.Count);
        Assert.Equal([0, 0, 2, 2, 1, 0], report.Months.Select(m => m.Delivered));
    }

    [Fact]
    public void No_data_and_no_range_gives_an_empty_report()
    {
        var report = ReleaseMetricsCalculator.Compute([], []);

        Assert.Null(report.From);
        Assert.Empty(report.Months);
        Assert.Empty(report.Releases);
    }

    [Fact]
    public void A_range_that_ends_before_it_starts_is_refused() =>
        Assert.Throws<ArgumentException>(() =>
            ReleaseMetricsCalculator.Compute(Histories, Reports, UtcMonth.Create(2012, 3), UtcMonth.Create(2012, 1)));

    [Fact]
    public void A_ticket_with_two_histories_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ReleaseMetricsCalculator.Compute([Histories[0], Histories[0]], []));
        Assert.Contains("101", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_history_is_sorted_by_time_whatever_the_input_order()
    {
        var history = new TicketHistory("7", [
            new StateHistoryEntry(RolloutProgress.Unverified, Jan.AddDays(1), "qc"),
            new StateHistoryEntry(RolloutProgress.Submitted, Jan, "provider"),
        ]);

        Assert.Equal([RolloutProgress.Submitted, RolloutProgress.Unverified], history.Entries.Select(e => e.State));
    }

    internal static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static TicketHistory History(string ticket, DateTimeOffset? reportAt, params (RolloutProgress State, string At)[] entries) =>
        new(ticket, entries.Select(e => new StateHistoryEntry(e.State, At(e.At), "someone")), reportAt);
}
