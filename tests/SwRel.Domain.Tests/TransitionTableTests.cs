using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tests;

public sealed class TransitionTableTests
{
    // SPEC §2.1: the table has rows 1 to 23 in order, with row 12b (StageRollout → Deferred by Repo) after row 12.
    [Fact]
    public void Rows_are_labelled_in_table_order_with_12b_after_12()
    {
        string[] expected = [.. Enumerable.Range(1, 12).Select(n => $"{n}"), "12b", .. Enumerable.Range(13, 11).Select(n => $"{n}")];
        Assert.Equal(expected, TransitionTable.Rules.Select(r => r.Label));
        Assert.All(TransitionTable.Rules, r => Assert.StartsWith($"{r.Number}", r.Label, StringComparison.Ordinal));
        Assert.Equal(24, TransitionTable.Rules.Length);
    }

    // SPEC §2.1 row 12b: "StageRollout | Deferred | Repo | correction right after a row-11 entry whose slot was taken".
    [Fact]
    public void Row_12b_is_a_row_of_its_own_from_StageRollout_to_Deferred_by_Repo()
    {
        var row = TransitionTable.Row("12b");
        Assert.Equal((RolloutProgress.StageRollout, RolloutProgress.Deferred, RolloutActor.Repo), (row.From, row.To, row.Actor));
        Assert.True(row.Requires(TransitionConditions.StageRolloutSlotTaken | TransitionConditions.CorrectsRow11Entry));
        Assert.Equal(RolloutProgress.InVerification, TransitionTable.Row(12).From);
        Assert.Equal([row], TransitionTable.FixedRulesBetween(RolloutProgress.StageRollout, RolloutProgress.Deferred));
    }

    // SPEC §2: "No person moves a ticket out of a terminal state; only the repository may report
    // that the action for entering it failed (row 20)."
    [Fact]
    public void Terminal_states_lead_only_to_Failed()
    {
        foreach (var state in RolloutProgressText.All.Where(s => s.IsTerminal()))
        {
            var rules = TransitionTable.Rules.Where(r => r.AppliesFrom(state)).ToList();
            var rule = Assert.Single(rules);
            Assert.Equal(RolloutProgress.Failed, rule.To);
            Assert.Equal(RolloutActor.Repo, rule.Actor);
        }
    }

    // SPEC §2: accepted spellings, case-insensitive, spaces and hyphens ignored.
    [Theory]
    [InlineData("In verification", RolloutProgress.InVerification)]
    [InlineData("Waiting for response", RolloutProgress.WaitingForResponse)]
    [InlineData("Stage-Rollout", RolloutProgress.StageRollout)]
    [InlineData("StageRollOut", RolloutProgress.StageRollout)]
    [InlineData("Not published", RolloutProgress.NotPublished)]
    [InlineData("Accepted", RolloutProgress.Production)]
    [InlineData("", RolloutProgress.Submitted)]
    [InlineData(null, RolloutProgress.Submitted)]
    [InlineData("FAILED", RolloutProgress.Failed)]
    public void Every_accepted_spelling_parses(string? text, RolloutProgress expected) =>
        Assert.Equal(expected, RolloutProgressText.Parse(text));

    [Theory]
    [InlineData("Verified")]
    [InlineData("Productionn")]
    [InlineData("Prödüction")]
    public void Unknown_spellings_are_refused_with_the_text_named(string text)
    {
        Assert.False(RolloutProgressText.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => RolloutProgressText.Parse(text));
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    // SPEC §2.1 row 7: "EmergencyRelease = Yes and policy `FastStagedRollout` (default)";
    // row 8: "EmergencyRelease = Yes and policy `StraightToProduction`".
    [Theory]
    [InlineData(7, false, EmergencyPolicy.FastStagedRollout, false)]
    [InlineData(7, true, EmergencyPolicy.FastStagedRollout, true)]
    [InlineData(7, true, EmergencyPolicy.StraightToProduction, false)]
    [InlineData(8, false, EmergencyPolicy.StraightToProduction, false)]
    [InlineData(8, true, EmergencyPolicy.StraightToProduction, true)]
    [InlineData(8, true, EmergencyPolicy.FastStagedRollout, false)]
    public void The_emergency_rows_hold_only_for_an_emergency_under_their_policy(int row, bool emergency, EmergencyPolicy policy, bool holds) =>
        Assert.Equal(holds, TransitionTable.Row(row).HoldsFor(emergency, policy));

    [Fact]
    public void Rows_without_an_emergency_condition_hold_whatever_the_flag_and_policy()
    {
        foreach (var rule in TransitionTable.Rules.Where(r => r.Number is not (7 or 8)))
        {
            foreach (var policy in Enum.GetValues<EmergencyPolicy>())
            {
                Assert.True(rule.HoldsFor(false, policy), $"row {rule.Number}");
                Assert.True(rule.HoldsFor(true, policy), $"row {rule.Number}");
            }
        }
    }
}
