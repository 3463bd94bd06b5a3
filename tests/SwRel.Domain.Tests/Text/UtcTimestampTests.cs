using SwRel.Domain.Text;

namespace SwRel.Domain.Tests.Text;

public sealed class UtcTimestampTests
{
    private static readonly DateTimeOffset Instant = new(2024, 3, 1, 14, 0, 0, TimeSpan.FromHours(2));

    [Fact]
    public void Format_writes_the_instant_in_UTC_with_seven_fraction_digits() =>
        Assert.Equal("2024-03-01T12:00:00.1230000Z", UtcTimestamp.Format(Instant.AddMilliseconds(123)));

    [Fact]
    public void FormatTrimmed_drops_trailing_zero_digits() =>
        Assert.Equal("2024-03-01T12:00:00.123Z", UtcTimestamp.FormatTrimmed(Instant.AddMilliseconds(123)));

    [Fact]
    public void FormatTrimmed_drops_the_point_for_a_whole_second() =>
        Assert.Equal("2024-03-01T12:00:00Z", UtcTimestamp.FormatTrimmed(Instant));

    [Theory]
    [InlineData("2024-03-01T12:00:00Z")]
    [InlineData("2024-03-01T12:00:00.123Z")]
    [InlineData("2024-03-01T12:00:00.1230000Z")]
    public void TryParse_reads_what_either_format_writes(string text)
    {
        Assert.True(UtcTimestamp.TryParse(text, out var instant));
        Assert.Equal(TimeSpan.Zero, instant.Offset);
        Assert.Equal(UtcTimestamp.Format(instant), UtcTimestamp.Format(DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("2024-03-01T12:00:00")]
    [InlineData("2024-03-01T12:00:00+02:00")]
    [InlineData("2024-03-01 12:00:00Z")]
    public void TryParse_refuses_text_without_the_Z_or_the_T(string text) =>
        Assert.False(UtcTimestamp.TryParse(text, out _));
}
