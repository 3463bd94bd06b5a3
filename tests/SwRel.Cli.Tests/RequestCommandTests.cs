using System.Text.Json;
using SwRel.Domain.Requests;
using SwRel.Domain.Workflow;

namespace SwRel.Cli.Tests;

public sealed class RequestCommandTests
{
    [Fact]
    public void A_valid_request_from_flags_exits_0()
    {
        var run = ToolRunner.Run("request", "--ticket", "12", "--previous", "In verification", "--current", "StageRollout");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("valid: ticket 12: InVerification → StageRollout", run.Output, StringComparison.Ordinal);
    }

    // SPEC §6: "Validation reports every problem at once."
    [Fact]
    public void An_invalid_request_exits_1_and_prints_every_reason()
    {
        var run = ToolRunner.Run("request", "--ticket", "x", "--previous", "Verified", "--current", "Production", "--emergency", "Maybe");
        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("invalid: 3 problems", run.Output, StringComparison.Ordinal);
        Assert.Contains("Ticket_Id 'x'", run.Output, StringComparison.Ordinal);
        Assert.Contains("'Verified' is not a RolloutProgress state", run.Output, StringComparison.Ordinal);
        Assert.Contains("Emergency_Release 'Maybe'", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_form_body_on_stdin_is_validated()
    {
        var run = ToolRunner.RunWithInput(
            "Ticket_Id=1&Previous_Rollout_Progress=Submitted&Current_Rollout_Progress=Unverified&Emergency_Release=No\n", "request");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
    }

    [Fact]
    public void A_JSON_body_on_stdin_is_validated_and_the_JSON_output_lists_the_errors()
    {
        var run = ToolRunner.RunWithInput(
            """{"Ticket_Id": 3, "Previous_Rollout_Progress": "Unverified", "Current_Rollout_Progress": "Production", "Emergency_Release": "No"}""",
            "request", "--format", "json");
        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        using var document = JsonDocument.Parse(run.Output);
        Assert.False(document.RootElement.GetProperty("valid").GetBoolean());
        var error = Assert.Single(document.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Contains("not in the transition table for Emergency_Release = No", error.GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void No_flags_and_no_body_is_a_usage_error()
    {
        var run = ToolRunner.Run("request");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    // SPEC §13: "swrel request" must accept each table row and refuse what the table does not allow
    // for that emergency flag.
    [Fact]
    public void Every_pair_of_states_is_accepted_exactly_when_the_table_has_a_row_for_the_emergency_flag()
    {
        foreach (var from in RolloutProgressText.All)
        {
            foreach (var to in RolloutProgressText.All)
            {
                foreach (var emergency in new[] { "No", "Yes" })
                {
                    var run = ToolRunner.Run("request", "--ticket", "9", "--previous", from.ToName(), "--current", to.ToName(), "--emergency", emergency);
                    var expected = TableHasRow(from, to, emergency == "Yes");
                    Assert.True(
                        (expected ? ExitCodes.Ok : ExitCodes.Invalid) == run.ExitCode,
                        $"{from} → {to}, emergency {emergency}: {run.Output}{run.Error}");
                }
            }
        }
    }

    private static bool TableHasRow(RolloutProgress from, RolloutProgress to, bool emergency)
    {
        foreach (var rule in TransitionTable.Rules)
        {
            var targetOk = rule.To is { } fixedTo ? fixedTo == to : to != RolloutProgress.Failed;
            var emergencyOk = !rule.Requires(TransitionConditions.EmergencyFastStagedRollout) || emergency;
            if (rule.AppliesFrom(from) && targetOk && emergencyOk && !rule.Requires(TransitionConditions.EmergencyStraightToProduction))
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public void The_JSON_output_of_a_valid_request_carries_the_normalised_fields()
    {
        var run = ToolRunner.Run("request", "--ticket", "4", "--previous", "Stage-Rollout", "--current", "Accepted", "--format", "json");
        using var document = JsonDocument.Parse(run.Output);
        var request = document.RootElement.GetProperty("request");
        Assert.Equal("Production", request.GetProperty(TransitionRequestParser.CurrentField).GetString());
        Assert.Equal(4, request.GetProperty(TransitionRequestParser.TicketIdField).GetInt32());
    }
}
