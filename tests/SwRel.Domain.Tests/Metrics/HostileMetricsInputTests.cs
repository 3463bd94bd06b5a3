using System.Text;
using SwRel.Domain.Metrics;
using SwRel.Domain.Tests.Text;

namespace SwRel.Domain.Tests.Metrics;

public sealed class HostileMetricsInputTests
{
    private const string Header = "ticket,event,at_utc,actor\n";

    [Fact]
    public void Bytes_that_are_not_UTF_8_are_refused_with_the_line_column_and_offset()
    {
        byte[] csv = [.. Encoding.UTF8.GetBytes(Header + "1,Submitted,2012-01-01T00:00:00Z,qc\n1,Unverified,2012-01-02T00:00:00Z,q"), 0xFF, .. "c\n"u8];

        var result = MetricsCsvReader.ReadHistories(new MemoryStream(csv), "h.csv");

        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.Equal("malformed CSV (column actor): the byte 0xFF at offset 97 is not valid UTF-8; save the file as UTF-8", error.Message);
    }

    [Fact]
    public void A_leading_byte_order_mark_is_skipped()
    {
        byte[] csv = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Header + "1,Submitted,2012-01-01T00:00:00Z,qc\n")];

        Assert.True(MetricsCsvReader.ReadHistories(new MemoryStream(csv), "h.csv").IsValid);
    }

    [Fact]
    public void An_endless_stream_stops_at_the_file_limit()
    {
        var stream = new EndlessStream("\n");

        var result = MetricsCsvReader.ReadReports(stream, "r.csv");

        Assert.Contains("is larger than 67,108,864 bytes", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
        Assert.True(stream.BytesRead < MetricsCsvReader.MaxFileBytes + (64 * 1024));
    }

    [Fact]
    public void An_endless_field_stops_at_the_field_limit()
    {
        var stream = new EndlessStream("x");

        var error = Assert.Single(MetricsCsvReader.ReadHistories(stream, "h.csv").Errors);

        Assert.Equal("malformed CSV (field 1): the field is longer than 65,536 characters", error.Message);
        Assert.True(stream.BytesRead < 1024 * 1024);
    }

    [Fact]
    public void A_record_of_too_many_fields_is_refused()
    {
        var result = MetricsCsvReader.ReadHistories(new StringReader(Header + new string(',', 10_000) + "\n"), "h.csv");

        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Equal("malformed CSV: the record has more than 256 fields", error.Message);
    }

    [Theory]
    [InlineData(" Production")]
    [InlineData("Stage Rollout")]
    [InlineData("Production ")]
    public void A_state_name_with_white_space_is_refused_with_its_line_and_column(string state)
    {
        var result = MetricsCsvReader.ReadHistories(new StringReader(Header + $"1,{state},2012-01-01T00:00:00Z,qc\n"), "h.csv");

        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.StartsWith($"event: '{state}' is not a RolloutProgress state (white space is allowed only", error.Message, StringComparison.Ordinal);
    }
}
