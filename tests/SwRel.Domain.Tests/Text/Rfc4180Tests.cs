using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SwRel.Domain.Text;

namespace SwRel.Domain.Tests.Text;

public sealed class Rfc4180Tests
{
    // RFC 4180 §2.6: "Fields containing line breaks (CRLF), double quotes, and commas should be
    // enclosed in double-quotes." §2.7: "a double-quote appearing inside a field must be escaped by
    // preceding it with another double quote."
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("", "")]
    public void Fields_are_quoted_only_when_they_need_to_be(string value, string expected)
    {
        using var writer = new StringWriter();
        Rfc4180.WriteField(writer, value);
        Assert.Equal(expected, writer.ToString());
    }

    [Theory]
    [InlineData(false, "a,\r\n")]
    [InlineData(true, "a,\"\"\r\n")]
    public void An_empty_last_field_is_quoted_only_when_asked(bool quoteEmptyLastField, string expected)
    {
        using var writer = new StringWriter();
        Rfc4180.WriteRecord(writer, ["a", ""], quoteEmptyLastField);
        Assert.Equal(expected, writer.ToString());
    }

    [Fact]
    public void Quoted_fields_may_hold_commas_quotes_and_line_breaks()
    {
        var records = Rfc4180.ReadRecords("a,\"b,\"\"c\"\"\r\nd\",e\r\nf,g\n").ToList();
        Assert.Equal(2, records.Count);
        Assert.Equal(["a", "b,\"c\"\r\nd", "e"], records[0].Fields);
        Assert.Equal(1, records[0].Line);
        Assert.Equal(["f", "g"], records[1].Fields);
        Assert.Equal(3, records[1].Line);
    }

    [Theory]
    [InlineData("a,b\r\nc\"d,e\r\n", 2)]
    [InlineData("a,\"b\"x\r\n", 1)]
    [InlineData("a\r\nb,\"open\r\nstill open", 3)]
    public void Malformed_input_is_refused_with_its_line_number(string text, int line)
    {
        var error = Assert.Throws<CsvFormatException>(() => Rfc4180.ReadRecords(text).ToList());
        Assert.Equal(line, error.Line);
        Assert.StartsWith($"line {line}", error.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 300)]
    public Property Written_records_read_back_unchanged(NonEmptyArray<string[]> input)
    {
        var records = input.Get
            .Where(r => r is { Length: > 0 })
            .Select(r => r.Select(f => f ?? string.Empty).ToArray())
            .ToList();
        var text = Rfc4180.Write(records);
        var back = Rfc4180.ReadRecords(text).Select(r => r.Fields).ToList();
        return (back.Count == records.Count && back.Zip(records).All(p => p.First.SequenceEqual(p.Second)))
            .Label($"text: {text}");
    }
}
