using SwRel.Domain.History;
using SwRel.Domain.Metrics;
using SwRel.Domain.Workflow;
using static SwRel.Domain.Workflow.RolloutProgress;

namespace SwRel.Domain.Tests.Metrics;

/// <summary>
/// <see cref="TicketHistory.CompletedEntries"/>: each <c>W, X, Failed, Y</c> reduced to what completed.
/// SPEC §2.1 row 20: "the repository action for the last transition failed; the failed transition (from, to)
/// ... recorded"; row 21: "Failed | the failed transition's from | revert"; row 22: "Failed | the failed
/// transition's to | retry"; row 23: "Failed | Rejected | reason given". Entries are one day apart, day i at index i.
/// </summary>
public sealed class CompletedEntriesTests
{
    private static readonly DateTimeOffset Day0 = new(2012, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_history_without_Failed_is_kept_as_it_is()
    {
        var history = Of(Submitted, Unverified, InVerification, StageRollout, Production);

        Assert.Equal(history.Entries, history.CompletedEntries);
    }

    // Row 22: StageRollout (day 0) -> Production (day 1) failed; retried on day 3: Production at day 3.
    [Fact]
    public void A_retry_completes_the_failed_transition_at_the_time_of_the_retry() =>
        Assert.Equal(["StageRollout@0", "Production@3"], Completed(StageRollout, Production, Failed, Production));

    // Row 21: the promotion never happened; StageRollout keeps its entry of day 0.
    [Fact]
    public void A_revert_removes_the_attempt_and_keeps_the_original_entry() =>
        Assert.Equal(["StageRollout@0"], Completed(StageRollout, Production, Failed, StageRollout));

    // Row 23: rejected from StageRollout, where the release was, at day 3.
    [Fact]
    public void Failed_to_Rejected_is_a_rejection_from_the_state_before_the_attempt() =>
        Assert.Equal(["StageRollout@0", "Rejected@3"], Completed(StageRollout, Production, Failed, Rejected));

    // The removal for StageRollout -> Rejected failed and the admin retries it: a retry, not row 23.
    [Fact]
    public void Failed_to_Rejected_after_a_failed_rejection_is_its_retry() =>
        Assert.Equal(["StageRollout@0", "Rejected@3"], Completed(StageRollout, Rejected, Failed, Rejected));

    [Fact]
    public void A_history_that_ends_in_Failed_has_not_completed_its_last_transition() =>
        Assert.Equal(["InVerification@0", "StageRollout@1"], Completed(InVerification, StageRollout, Production, Failed));

    // A retry that fails again, then a revert: InVerification -> StageRollout (day 1) failed, retried day 3,
    // failed again, reverted day 5: back in InVerification since day 0.
    [Fact]
    public void Failures_are_reduced_one_after_the_other() =>
        Assert.Equal(
            ["InVerification@0"],
            Completed(InVerification, StageRollout, Failed, StageRollout, Failed, InVerification));

    [Fact]
    public void Consecutive_Failed_entries_count_as_one() =>
        Assert.Equal(["StageRollout@0", "Production@4"], Completed(StageRollout, Production, Failed, Failed, Production));

    // Not produced by the SPEC workflow: Failed between the two states of a transition. Failed is skipped.
    [Fact]
    public void Any_other_state_after_Failed_keeps_the_old_reading() =>
        Assert.Equal(
            ["Unverified@0", "InVerification@1", "StageRollout@3"],
            Completed(Unverified, InVerification, Failed, StageRollout));

    [Fact]
    public void Failed_first_is_dropped() =>
        Assert.Equal(["Submitted@1"], Completed(Failed, Submitted));

    private static TicketHistory Of(params RolloutProgress[] states) =>
        new("1", states.Select((s, i) => new StateHistoryEntry(s, Day0.AddDays(i), "someone")));

    private static string[] Completed(params RolloutProgress[] states) =>
        [.. Of(states).CompletedEntries.Select(e => $"{e.State}@{(e.EnteredAtUtc - Day0).Days}")];
}
