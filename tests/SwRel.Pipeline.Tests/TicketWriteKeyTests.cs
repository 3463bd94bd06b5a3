using SwRel.Pipeline;

namespace SwRel.Pipeline.Tests;

public sealed class TicketWriteKeyTests
{
    [Theory]
    [InlineData("request-42-638700000000000000/failed")]
    [InlineData("invalid-request-1-2")]
    [InlineData("a.b:c/D-9")]
    public void A_key_of_letters_digits_and_the_allowed_marks_reads_back_as_itself(string text)
    {
        var key = TicketWriteKey.Parse(text);

        Assert.Equal(text, key.Value);
        Assert.Equal(text, key.ToString());
        Assert.Equal(key, TicketWriteKey.Parse(text));
    }

    // A key must survive being kept in a subject line or a column and found again by exact comparison.
    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("under_score")]
    [InlineData("percent%")]
    [InlineData("[bracket]")]
    [InlineData("naïve")]
    public void Text_with_a_character_a_key_may_not_hold_is_not_a_key(string text)
    {
        Assert.False(TicketWriteKey.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => TicketWriteKey.Parse(text));
        Assert.Contains("ASCII letters, digits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_longer_than_the_maximum_is_not_a_key()
    {
        Assert.True(TicketWriteKey.TryParse(new string('k', TicketWriteKey.MaxLength), out _));
        Assert.False(TicketWriteKey.TryParse(new string('k', TicketWriteKey.MaxLength + 1), out _));
        Assert.False(TicketWriteKey.TryParse(null, out _));
    }
}
