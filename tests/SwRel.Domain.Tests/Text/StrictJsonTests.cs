using System.Text;
using SwRel.Domain.Text;
using SwRel.Text;

namespace SwRel.Domain.Tests.Text;

public sealed class StrictJsonTests
{
    [Theory]
    [InlineData("{\"a\": 1}")]
    [InlineData("[\"\\ud83d\\ude00\", \"\\u00e9\", \"é\"]")]
    public void Strict_JSON_passes(string json) =>
        Assert.Null(StrictJson.Check(Encoding.UTF8.GetBytes(json), 16));

    [Theory]
    [InlineData("\uFEFF{\"a\": 1}", "$", 1, 1, "byte order mark")]
    [InlineData("{\"a\": 1 /* no */}", "$.a", 1, 9, "a comment; JSON has no comments.")]
    [InlineData("{\"a\": 1,\n \"b\": [1, \"\\ud800\"]}", "$.b[1]", 2, 12, "the escape \\ud800, half of a surrogate pair")]
    [InlineData("{\"a\": \"\\udc00\\ud800\"}", "$.a", 1, 8, "the escape \\udc00")]
    [InlineData("{\"a\": 1,,}", "$.a", 1, 9, "malformed here (at ',')")]
    [InlineData("{\"a\": [1, 2,", "$.a[1]", 1, 13, "ends before it is complete")]
    [InlineData("[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]", "$[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]", 1, 17, "nested deeper than 16 levels")]
    public void What_System_Text_Json_would_accept_or_word_itself_is_refused_with_path_line_and_column(string json, string path, int line, int column, string reason)
    {
        var error = StrictJson.Check(Encoding.UTF8.GetBytes(json), 16);

        Assert.NotNull(error);
        Assert.Equal((path, line, column), (error.Value.Path, error.Value.Line, error.Value.Column));
        Assert.True(error.Value.Reason.Contains(reason, StringComparison.Ordinal), error.Value.Reason);
    }

    [Fact]
    public void Bytes_that_are_not_UTF_8_are_refused_at_their_offset()
    {
        byte[] json = [.. "{\"a\":\n \"x"u8, 0xFF, .. "\"}"u8];

        var error = StrictJson.Check(json, 16);

        Assert.NotNull(error);
        Assert.Equal((2, 4), (error.Value.Line, error.Value.Column));
        Assert.Contains("0xFF at offset 9 is not valid UTF-8", error.Value.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_in_UTF_16_text_is_refused_before_it_is_encoded()
    {
        var error = StrictJson.Check("{\"a\": \"x\ud800\"}", 16, out _);

        Assert.NotNull(error);
        Assert.Equal((1, 9), (error.Value.Line, error.Value.Column));
        Assert.Contains("U+D800", error.Value.Reason, StringComparison.Ordinal);
    }
}
