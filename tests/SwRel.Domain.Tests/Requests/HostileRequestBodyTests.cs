using System.Text;
using SwRel.Domain.Requests;

namespace SwRel.Domain.Tests.Requests;

public sealed class HostileRequestBodyTests
{
    private const string Valid = "{\"Ticket_Id\": 1, \"Previous_Rollout_Progress\": \"Submitted\", \"Current_Rollout_Progress\": \"Unverified\", \"Emergency_Release\": \"No\"}";

    [Fact]
    public void A_body_over_the_limit_is_one_problem_that_names_the_limit()
    {
        var form = TransitionRequestParser.ParseForm(new string('a', TransitionRequestParser.MaxBodyLength + 1));
        var json = TransitionRequestParser.ParseJson(new byte[TransitionRequestParser.MaxBodyLength + 1]);
        var text = TransitionRequestParser.ParseJson(new string(' ', TransitionRequestParser.MaxBodyLength + 1));

        Assert.Equal("the body is 1,048,577 characters; a transition request body may be at most 1,048,576 characters (1 MiB).", Assert.Single(form.Errors));
        Assert.StartsWith("the body is 1,048,577 bytes; ", Assert.Single(json.Errors), StringComparison.Ordinal);
        Assert.StartsWith("the body is 1,048,577 characters; ", Assert.Single(text.Errors), StringComparison.Ordinal);
    }

    // Each repeat used to be a problem of its own: a body of repeats gave millions of messages.
    [Fact]
    public void A_field_repeated_many_times_is_one_problem()
    {
        var body = string.Concat(Enumerable.Repeat("Ticket_Id=1&", 80_000)) + "Previous_Rollout_Progress=Submitted&Current_Rollout_Progress=Unverified&Emergency_Release=No";
        var json = "{" + string.Concat(Enumerable.Repeat("\"Ticket_Id\": 1, ", 50_000)) + "\"Previous_Rollout_Progress\": \"Submitted\", \"Current_Rollout_Progress\": \"Unverified\", \"Emergency_Release\": \"No\"}";

        Assert.Equal("Ticket_Id is given 80,000 times (again at line 1, column 23); give it once.", Assert.Single(TransitionRequestParser.ParseForm(body).Errors));
        Assert.Equal("Ticket_Id is given 50,000 times (again at line 1, column 31); give it once.", Assert.Single(TransitionRequestParser.ParseJson(json).Errors));
    }

    [Theory]
    [InlineData("\uFEFF" + Valid, "$ (line 1, column 1): the text starts with a byte order mark")]
    [InlineData("{\"Ticket_Id\": 1, /* note */ \"Previous_Rollout_Progress\": \"Submitted\", \"Current_Rollout_Progress\": \"Unverified\", \"Emergency_Release\": \"No\"}", "$.Ticket_Id (line 1, column 18): a comment; JSON has no comments.")]
    [InlineData("{\"Ticket_Id\": 1, \"Previous_Rollout_Progress\": \"Submitted\", \"Current_Rollout_Progress\": \"Unverified\\ud800\"}", "$.Current_Rollout_Progress (line 1, column 99): the string holds the escape \\ud800")]
    [InlineData("{\"Ticket_Id\": 1, \"Note\": \"\\udfff\", \"Previous_Rollout_Progress\": \"Submitted\", \"Current_Rollout_Progress\": \"Unverified\", \"Emergency_Release\": \"No\"}", "$.Note (line 1, column 27): the string holds the escape \\udfff")]
    public void JSON_that_is_not_strict_is_refused_with_the_field_and_its_position(string json, string expected)
    {
        var error = Assert.Single(TransitionRequestParser.ParseJson(json).Errors);

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.StartsWith("the body is not valid JSON: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_in_a_text_body_is_refused_with_its_position()
    {
        var json = "{\"Ticket_Id\": 1, \"Previous_Rollout_Progress\": \"Sub\ud800mitted\", \"Current_Rollout_Progress\": \"Unverified\", \"Emergency_Release\": \"No\"}";

        Assert.Equal(
            "the body is not valid JSON: line 1, column 51: U+D800 is half of a surrogate pair without its other half; it is not a character.",
            Assert.Single(TransitionRequestParser.ParseJson(json).Errors));
    }

    [Fact]
    public void Bytes_that_are_not_UTF_8_are_refused_with_their_offset()
    {
        byte[] json = [.. "{\"Ticket_Id\": 1, \"Previous_Rollout_Progress\": \"Sub"u8, 0xC3, 0x28, .. "\", \"Current_Rollout_Progress\": \"Unverified\", \"Emergency_Release\": \"No\"}"u8];

        var error = Assert.Single(TransitionRequestParser.ParseJson(json).Errors);

        Assert.Equal(
            "the body is not valid JSON: $.Previous_Rollout_Progress (line 1, column 51): the byte 0xC3 at offset 50 is not valid UTF-8; write the text in UTF-8.",
            error);
    }

    [Theory]
    [InlineData("Stage Rollout", 88)]
    [InlineData(" Unverified", 88)]
    [InlineData("Unverified\n", 88)]
    public void A_state_name_with_white_space_is_refused_with_the_field_and_its_position(string current, int column)
    {
        var json = "{\"Ticket_Id\": 1, \"Previous_Rollout_Progress\": \"Submitted\", \"Current_Rollout_Progress\": " + System.Text.Json.JsonSerializer.Serialize(current) + ", \"Emergency_Release\": \"No\"}";

        var error = Assert.Single(TransitionRequestParser.ParseJson(json).Errors);

        Assert.StartsWith($"Current_Rollout_Progress (line 1, column {column}): '", error, StringComparison.Ordinal);
        Assert.Contains("is not a RolloutProgress state (white space is allowed only as the single spaces of 'In verification'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_state_name_with_white_space_in_a_form_is_refused_with_its_position()
    {
        var result = TransitionRequestParser.ParseForm("Ticket_Id=1&Previous_Rollout_Progress=Submitted&Current_Rollout_Progress=+Unverified&Emergency_Release=No");

        Assert.StartsWith("Current_Rollout_Progress (line 1, column 74): ' Unverified' is not a RolloutProgress state", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_value_is_cut_in_the_message()
    {
        var result = TransitionRequestParser.Validate("1", "Submitted", new string('x', 200), "No");

        Assert.True(Assert.Single(result.Errors).Length < 400);
    }

    [Fact]
    public void A_UTF_8_body_is_read_as_UTF_8()
    {
        Assert.True(TransitionRequestParser.ParseJson(Encoding.UTF8.GetBytes(Valid)).IsValid);
    }
}
