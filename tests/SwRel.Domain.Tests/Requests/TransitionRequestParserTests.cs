using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SwRel.Domain.Requests;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tests.Requests;

public sealed class TransitionRequestParserTests
{
    [Fact]
    public void A_valid_form_body_parses_into_a_request()
    {
        var result = TransitionRequestParser.ParseForm(
            "Ticket_Id=12&Previous_Rollout_Progress=In+verification&Current_Rollout_Progress=Stage%2DRollout&Emergency_Release=No&Extra=1");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(new TransitionRequest(12, RolloutProgress.InVerification, RolloutProgress.StageRollout, false), result.Request);
    }

    // SPEC §6: the POST API message carries Ticket_Id, Previous_Rollout_Progress, Current_Rollout_Progress
    // and Emergency_Release (Yes/No).
    [Fact]
    public void ToFormBody_writes_the_SPEC_field_names_in_order()
    {
        var request = new TransitionRequest(1, RolloutProgress.Submitted, RolloutProgress.Unverified, false);
        Assert.Equal(
            "Ticket_Id=1&Previous_Rollout_Progress=Submitted&Current_Rollout_Progress=Unverified&Emergency_Release=No",
            request.ToFormBody());
    }

    [Fact]
    public void ToFormBody_parses_back_into_the_same_request()
    {
        // Rule 7: an emergency release goes from Unverified straight to StageRollout.
        var request = new TransitionRequest(4711, RolloutProgress.Unverified, RolloutProgress.StageRollout, true);
        var result = TransitionRequestParser.ParseForm(request.ToFormBody());
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(request, result.Request);
    }

    [Fact]
    public void A_valid_JSON_body_parses_into_a_request_and_unknown_fields_are_ignored()
    {
        var result = TransitionRequestParser.ParseJson(
            """{"Ticket_Id": 7, "Previous_Rollout_Progress": "Unverified", "Current_Rollout_Progress": "StageRollout", "Emergency_Release": true, "note": {"x": [1, 2]}}""");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(new TransitionRequest(7, RolloutProgress.Unverified, RolloutProgress.StageRollout, true), result.Request);
    }

    // SPEC §6: "Validation reports every problem at once (unknown state, missing field,
    // non-numeric id, transition not in the table for that emergency flag) as a list of messages."
    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var result = TransitionRequestParser.ParseForm("Ticket_Id=abc&Previous_Rollout_Progress=Verified&Emergency_Release=Maybe");
        Assert.False(result.IsValid);
        Assert.Equal(4, result.Errors.Length);
        Assert.Contains(result.Errors, e => e == "Ticket_Id (line 1, column 11) 'abc' is not a positive integer.");
        Assert.Contains(result.Errors, e => e.StartsWith("Previous_Rollout_Progress (line 1, column 41): 'Verified' is not a RolloutProgress state", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e == "Current_Rollout_Progress is missing.");
        Assert.Contains(result.Errors, e => e == "Emergency_Release (line 1, column 68) 'Maybe' must be Yes or No.");
    }

    // A repeated field must not corrupt the first value's error: the second value is never decoded.
    [Fact]
    public void A_field_given_twice_in_a_form_keeps_the_first_value_in_its_error()
    {
        var result = TransitionRequestParser.ParseForm(
            "Ticket_Id=abc&Ticket_Id=7&Previous_Rollout_Progress=Submitted&Current_Rollout_Progress=Unverified&Emergency_Release=No");
        Assert.Equal(
            ["Ticket_Id is given 2 times (again at line 1, column 25); give it once.", "Ticket_Id (line 1, column 11) 'abc' is not a positive integer."],
            result.Errors.ToArray());
    }

    [Fact]
    public void A_too_long_repeat_of_a_field_is_reported_as_a_repeat_only()
    {
        var result = TransitionRequestParser.ParseForm(
            "Ticket_Id=7&Ticket_Id=" + new string('9', 300) + "&Previous_Rollout_Progress=Submitted&Current_Rollout_Progress=Unverified&Emergency_Release=No");
        Assert.Equal(["Ticket_Id is given 2 times (again at line 1, column 23); give it once."], result.Errors.ToArray());
    }

    // SPEC §2.1 row 7: Unverified → StageRollout only with EmergencyRelease = Yes.
    [Fact]
    public void A_transition_not_in_the_table_for_the_emergency_flag_is_refused()
    {
        var result = TransitionRequestParser.Validate("3", "Unverified", "StageRollout", "No");
        Assert.Equal(
            ["the transition Unverified → StageRollout is not in the transition table for Emergency_Release = No: it needs Emergency_Release = Yes."],
            result.Errors.ToArray());
        Assert.True(TransitionRequestParser.Validate("3", "Unverified", "StageRollout", "Yes").IsValid);
    }

    [Theory]
    [InlineData("StageRollout", "InVerification", "backward or skipping transitions are blocked")]
    [InlineData("Production", "Rejected", "Production is terminal")]
    public void Refusals_say_why(string previous, string current, string why)
    {
        var result = TransitionRequestParser.Validate("1", previous, current, "No");
        Assert.Contains(why, Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1,2]", "the body must be a JSON object, not an array.")]
    [InlineData("{\"Ticket_Id\": 1,", "the body is not valid JSON")]
    [InlineData("", "the body is empty")]
    [InlineData("{\"Ticket_Id\": {}, \"Previous_Rollout_Progress\": \"Submitted\", \"Current_Rollout_Progress\": \"Unverified\", \"Emergency_Release\": \"No\"}", "Ticket_Id (line 1, column 15) must be a number or a string, not an object.")]
    [InlineData("{\"Ticket_Id\": -4, \"Previous_Rollout_Progress\": \"Submitted\", \"Current_Rollout_Progress\": \"Unverified\", \"Emergency_Release\": \"No\"}", "Ticket_Id (line 1, column 15) '-4' is not a positive integer.")]
    public void Bad_JSON_gets_a_message_not_an_exception(string json, string expected)
    {
        var result = TransitionRequestParser.ParseJson(json);
        Assert.Contains(result.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_row_of_the_table_is_a_valid_request_for_its_emergency_flag()
    {
        foreach (var rule in TransitionTable.Rules)
        {
            var emergency = rule.Requires(TransitionConditions.EmergencyFastStagedRollout) || rule.Requires(TransitionConditions.EmergencyStraightToProduction);
            var policy = rule.Requires(TransitionConditions.EmergencyStraightToProduction) ? EmergencyPolicy.StraightToProduction : EmergencyPolicy.FastStagedRollout;
            var from = rule.From ?? RolloutProgress.StageRollout;
            var to = rule.To ?? RolloutProgress.InVerification;
            var result = TransitionRequestParser.Validate("5", from.ToName(), to.ToName(), emergency ? "Yes" : "No", policy);
            Assert.True(result.IsValid, $"row {rule.Number}: {string.Join("; ", result.Errors)}");
        }
    }

    private static Gen<string?> Texts =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Select(s => (string?)s),
            Gen.Elements<string?>(null, "", "1", "0", "-1", "99999999999", "Submitted", "Production", "Yes", "No", "%", "%zz", "+", "&", "=", "\"", "{", "Stage-Rollout", "%C3%BC"));

    [Property(MaxTest = 500)]
    public Property Validation_never_throws_whatever_the_strings() =>
        Prop.ForAll(
            (from a in Texts from b in Texts from c in Texts from d in Texts select (a, b, c, d)).ToArbitrary(),
            t =>
            {
                var direct = TransitionRequestParser.Validate(t.a, t.b, t.c, t.d);
                var form = TransitionRequestParser.ParseForm($"Ticket_Id={t.a}&Previous_Rollout_Progress={t.b}&Current_Rollout_Progress={t.c}&Emergency_Release={t.d}");
                var raw = TransitionRequestParser.ParseForm(t.a + t.b);
                var json = TransitionRequestParser.ParseJson($"{{\"Ticket_Id\":\"{t.a}\",\"Previous_Rollout_Progress\":{t.b},\"Current_Rollout_Progress\":\"{t.c}\",\"Emergency_Release\":\"{t.d}\"}}");
                var rawJson = TransitionRequestParser.ParseJson(t.a);
                return new[] { direct, form, raw, json, rawJson }.All(r => r.IsValid != r.Errors.Any());
            });

    [Fact]
    public void A_valid_request_is_parsed_without_allocating()
    {
        const string body = "Ticket_Id=4711&Previous_Rollout_Progress=In+verification&Current_Rollout_Progress=Stage%2DRollout&Emergency_Release=No";
        var json = System.Text.Encoding.UTF8.GetBytes(
            """{"Ticket_Id": 4711, "Previous_Rollout_Progress": "InVerification", "Current_Rollout_Progress": "StageRollout", "Emergency_Release": "No"}""");
        for (var i = 0; i < 100; i++)
        {
            TransitionRequestParser.ParseForm(body);
            TransitionRequestParser.ParseJson(json);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var valid = true;
        for (var i = 0; i < 1000; i++)
        {
            valid &= TransitionRequestParser.ParseForm(body).IsValid;
            valid &= TransitionRequestParser.ParseJson(json).IsValid;
            valid &= TransitionRequestParser.Validate("4711", "InVerification", "StageRollout", "No").IsValid;
        }

        Assert.True(valid);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // SPEC §6: "Fields: Ticket_Id, Current_Rollout_Progress, Previous_Rollout_Progress, Emergency_Release (Yes/No)";
    // validation reports a missing field.
    [Fact]
    public void A_request_without_Emergency_Release_is_reported_missing_in_every_form()
    {
        const string missing = "Emergency_Release is missing.";
        Assert.Contains(missing, TransitionRequestParser.ParseForm("Ticket_Id=1&Previous_Rollout_Progress=Submitted&Current_Rollout_Progress=Unverified").Errors);
        Assert.Contains(missing, TransitionRequestParser.ParseJson("""{"Ticket_Id": 1, "Previous_Rollout_Progress": "Submitted", "Current_Rollout_Progress": "Unverified"}""").Errors);
        Assert.Contains(missing, TransitionRequestParser.Validate("1", "Submitted", "Unverified", null).Errors);
    }
}
