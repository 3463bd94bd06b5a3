using SwRel.Domain.History;
using SwRel.Domain.Metrics;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tests.Metrics;

/// <summary>
/// Hand-worked metrics for histories with failed repository actions in the shape the workflow produces:
/// a person moves the ticket W -> X, the repository fails the action (SPEC §2.1 row 20: "the repository
/// action for the last transition failed"), and the admin retries (row 22), reverts (row 21) or rejects
/// (row 23). Six tickets, January to April 2012 (UTC). Every expected figure is worked out in the comment
/// above it; "the old reading" is what skipping Failed entries gave.
/// </summary>
public sealed class FailedActionScenarioTests
{
    internal static IReadOnlyList<TicketHistory> Histories { get; } =
    [
        // 201, a retried Production across a month end: StageRollout 01-10 09:00, moved to Production
        // 01-31 09:00, the repository fails the promotion, the admin retries 02-02 09:00 and it succeeds.
        // Completed: StageRollout 01-10 09:00 -> Production 02-02 09:00. Passes stage rollout in FEBRUARY
        // (the old reading: January). M.SA1.3-4 = 02-02 09:00 - 01-10 09:00 = 23 days. Report set 01-30 09:00:
        // M.SA1.3-5 = 01-30 09:00 - 02-02 09:00 = -3 days.
        History("201", "2012-01-30T09:00:00Z",
            (RolloutProgress.Submitted, "2012-01-05T09:00:00Z"),
            (RolloutProgress.Unverified, "2012-01-06T09:00:00Z"),
            (RolloutProgress.InVerification, "2012-01-07T09:00:00Z"),
            (RolloutProgress.StageRollout, "2012-01-10T09:00:00Z"),
            (RolloutProgress.Production, "2012-01-31T09:00:00Z"),
            (RolloutProgress.Failed, "2012-01-31T09:10:00Z"),
            (RolloutProgress.Production, "2012-02-02T09:00:00Z")),

        // 202, a reverted Production, then rejected in stage rollout: StageRollout 01-15, Production 01-25,
        // Failed, reverted to StageRollout 01-26, rejected 02-10. Completed: StageRollout 01-15 -> Rejected
        // 02-10. M.SA1.3-3 in February; never in Production (the old reading counted it in M.REPO-3 for
        // January AND in M.SA1.3-3 for February, and gave it a Production time).
        History("202", null,
            (RolloutProgress.Submitted, "2012-01-08T00:00:00Z"),
            (RolloutProgress.Unverified, "2012-01-09T00:00:00Z"),
            (RolloutProgress.InVerification, "2012-01-10T00:00:00Z"),
            (RolloutProgress.StageRollout, "2012-01-15T00:00:00Z"),
            (RolloutProgress.Production, "2012-01-25T00:00:00Z"),
            (RolloutProgress.Failed, "2012-01-25T00:10:00Z"),
            (RolloutProgress.StageRollout, "2012-01-26T00:00:00Z"),
            (RolloutProgress.Rejected, "2012-02-10T00:00:00Z")),

        // 203, a reverted Production, later promoted for good: StageRollout 02-05, Production 02-20, Failed,
        // reverted 02-21, Production 03-06. The release never left stage rollout: completed StageRollout 02-05
        // -> Production 03-06. Passes stage rollout in MARCH only (the old reading: February and March).
        // M.SA1.3-4 = 02-05 -> 03-05 = 29 days (February 2012 has 29) + 1 = 30 days (the old reading: the
        // first attempt, 15 days). Report 02-19: M.SA1.3-5 = 02-19 - 03-06 = -(10 + 6) = -16 days.
        History("203", "2012-02-19T00:00:00Z",
            (RolloutProgress.Submitted, "2012-02-01T00:00:00Z"),
            (RolloutProgress.Unverified, "2012-02-01T12:00:00Z"),
            (RolloutProgress.InVerification, "2012-02-02T00:00:00Z"),
            (RolloutProgress.StageRollout, "2012-02-05T00:00:00Z"),
            (RolloutProgress.Production, "2012-02-20T00:00:00Z"),
            (RolloutProgress.Failed, "2012-02-20T00:05:00Z"),
            (RolloutProgress.StageRollout, "2012-02-21T00:00:00Z"),
            (RolloutProgress.Production, "2012-03-06T00:00:00Z")),

        // 204, a failed Production that the admin rejects (row 23): deferred 02-06 (M.REPO-2 February), into
        // StageRollout 02-21 by the repository (row 15), Production 03-01, Failed, Rejected 03-02. Completed:
        // StageRollout 02-21 -> Rejected 03-02: rejected in stage rollout in March; never in Production (the
        // old reading: M.REPO-3 in March and not rejected in stage rollout at all).
        History("204", null,
            (RolloutProgress.Submitted, "2012-02-03T00:00:00Z"),
            (RolloutProgress.Unverified, "2012-02-04T00:00:00Z"),
            (RolloutProgress.InVerification, "2012-02-05T00:00:00Z"),
            (RolloutProgress.Deferred, "2012-02-06T00:00:00Z"),
            (RolloutProgress.StageRollout, "2012-02-21T00:00:00Z"),
            (RolloutProgress.Production, "2012-03-01T00:00:00Z"),
            (RolloutProgress.Failed, "2012-03-01T00:02:00Z"),
            (RolloutProgress.Rejected, "2012-03-02T00:00:00Z")),

        // 205, a failed move into StageRollout, reverted to InVerification (row 21) and moved again: InVerification
        // 03-03, StageRollout 03-30, Failed, InVerification 04-02, StageRollout 04-03. Completed: InVerification
        // 03-03 -> StageRollout 04-03: passes verification in APRIL (the old reading: March and April).
        History("205", null,
            (RolloutProgress.Submitted, "2012-03-01T00:00:00Z"),
            (RolloutProgress.Unverified, "2012-03-02T00:00:00Z"),
            (RolloutProgress.InVerification, "2012-03-03T00:00:00Z"),
            (RolloutProgress.StageRollout, "2012-03-30T00:00:00Z"),
            (RolloutProgress.Failed, "2012-03-30T00:01:00Z"),
            (RolloutProgress.InVerification, "2012-04-02T00:00:00Z"),
            (RolloutProgress.StageRollout, "2012-04-03T00:00:00Z")),

        // 206, a failure nobody has resolved yet: StageRollout 03-13 (M.REPO-2 March), Production 03-20, Failed.
        // The promotion has not completed: not in Production, no M.SA1.3-4 (the old reading: M.REPO-3 in March).
        History("206", null,
            (RolloutProgress.Submitted, "2012-03-10T00:00:00Z"),
            (RolloutProgress.Unverified, "2012-03-11T00:00:00Z"),
            (RolloutProgress.InVerification, "2012-03-12T00:00:00Z"),
            (RolloutProgress.StageRollout, "2012-03-13T00:00:00Z"),
            (RolloutProgress.Production, "2012-03-20T00:00:00Z"),
            (RolloutProgress.Failed, "2012-03-20T00:01:00Z")),
    ];

    private static ReleaseMetricsReport Report => ReleaseMetricsCalculator.Compute(Histories, []);

    // The data runs from 2012-01-05 (201) to 2012-04-03 (205).
    [Fact]
    public void The_range_is_January_to_April() =>
        Assert.Equal(["2012-01", "2012-02", "2012-03", "2012-04"], Report.Months.Select(m => m.Month.ToString()));

    // M.REPO-1 is unaffected: January 201, 202; February 203, 204; March 205, 206.
    [Fact]
    public void Delivered_is_unchanged_by_failures() =>
        Assert.Equal([2, 2, 2, 0], Report.Months.Select(m => m.Delivered));

    // SPEC §7 M.REPO-2: "tickets that left InVerification for StageRollout or Deferred in the month".
    // January: 201 (01-10), 202 (01-15). February: 203 (02-05), 204 (02-06, Deferred). March: 206 (03-13);
    // 205's move of 03-30 failed and was reverted. April: 205 (04-03).
    [Fact]
    public void A_reverted_move_out_of_InVerification_counts_only_when_it_is_made_again() =>
        Assert.Equal([2, 2, 1, 1], Report.Months.Select(m => m.PassedVerification));

    // SPEC §7 M.REPO-3, M.SA1.3-2: "tickets that entered Production from StageRollout in the month".
    // February: 201 (its retry of 02-02). March: 203 (03-06). 202 was reverted, 204 rejected, 206 unresolved.
    [Fact]
    public void Only_completed_promotions_pass_stage_rollout_in_the_month_they_completed()
    {
        Assert.Equal([0, 1, 1, 0], Report.Months.Select(m => m.PassedStageRollout));
        Assert.Equal([0, 1, 1, 0], Report.Months.Select(m => m.AcceptedInStageRollout));
    }

    // SPEC §7 M.SA1.3-3: "releases that entered Rejected from StageRollout". February: 202 (after its
    // revert). March: 204 (Failed -> Rejected, from StageRollout where the release really was).
    [Fact]
    public void A_release_rejected_after_a_failed_promotion_is_rejected_in_stage_rollout() =>
        Assert.Equal([0, 1, 1, 0], Report.Months.Select(m => m.RejectedInStageRollout));

    // SPEC §7 M.SA1.3-4: "time from its last StageRollout entry to Production". February: 201 = 23d.
    // March: 203 = 30d (from 02-05: the revert is not a new StageRollout entry).
    [Fact]
    public void Stage_rollout_time_runs_to_the_promotion_that_completed()
    {
        var months = Report.Months;
        Assert.Equal(DurationSummary.Empty, months[0].StageRolloutToProduction);
        Assert.Equal(new DurationSummary(1, TimeSpan.FromDays(23), TimeSpan.FromDays(23)), months[1].StageRolloutToProduction);
        Assert.Equal(new DurationSummary(1, TimeSpan.FromDays(30), TimeSpan.FromDays(30)), months[2].StageRolloutToProduction);
    }

    // SPEC §7 M.SA1.3-5: "time from Production to its StageRolloutReport being set". February: 201 = -3d.
    // March: 203 = -16d.
    [Fact]
    public void Report_delay_is_measured_from_the_completed_Production()
    {
        var months = Report.Months;
        Assert.Equal(new DurationSummary(1, TimeSpan.FromDays(-3), TimeSpan.FromDays(-3)), months[1].ProductionToStageRolloutReport);
        Assert.Equal(new DurationSummary(1, TimeSpan.FromDays(-16), TimeSpan.FromDays(-16)), months[2].ProductionToStageRolloutReport);
    }

    [Fact]
    public void Each_release_has_a_Production_time_only_if_its_promotion_completed()
    {
        var byTicket = Report.Releases.ToDictionary(r => r.Ticket);
        Assert.Equal(ReleaseMetricsScenarioTests.At("2012-02-02T09:00:00Z"), byTicket["201"].ProductionAtUtc);
        Assert.Equal(TimeSpan.FromDays(23), byTicket["201"].StageRolloutToProduction);
        Assert.Null(byTicket["202"].ProductionAtUtc);
        Assert.Null(byTicket["202"].StageRolloutToProduction);
        Assert.Equal(ReleaseMetricsScenarioTests.At("2012-03-06T00:00:00Z"), byTicket["203"].ProductionAtUtc);
        Assert.Equal(TimeSpan.FromDays(30), byTicket["203"].StageRolloutToProduction);
        Assert.Null(byTicket["204"].ProductionAtUtc);
        Assert.Null(byTicket["206"].ProductionAtUtc);
        Assert.Null(byTicket["206"].StageRolloutToProduction);
    }

    // A month's figures are final: the months before 201's retry (January) are the same whether the retry
    // is in the data or not yet.
    [Fact]
    public void A_later_retry_does_not_change_the_month_of_the_failed_attempt()
    {
        var beforeRetry = new TicketHistory("201", Histories[0].Entries.Take(6));
        var january = UtcMonth.Create(2012, 1);

        var without = ReleaseMetricsCalculator.Compute([beforeRetry], [], january, january).Months.Single();
        var with = ReleaseMetricsCalculator.Compute([Histories[0]], [], january, january).Months.Single();

        Assert.Equal(0, without.PassedStageRollout);
        Assert.Equal(without, with);
    }

    private static TicketHistory History(string ticket, string? reportAt, params (RolloutProgress State, string At)[] entries) =>
        new(
            ticket,
            entries.Select(e => new StateHistoryEntry(e.State, ReleaseMetricsScenarioTests.At(e.At), e.State == RolloutProgress.Failed ? "repo" : "someone")),
            reportAt is null ? null : ReleaseMetricsScenarioTests.At(reportAt));
}
