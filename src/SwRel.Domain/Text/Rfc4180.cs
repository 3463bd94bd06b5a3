using System.Text;

namespace SwRel.Domain.Text;

/// <summary>
/// Comma-separated values as RFC 4180 defines them: fields separated by <c>,</c>, records ended by
/// CRLF (LF and a lone CR are accepted when reading), a field quoted with <c>"</c> when it holds a
/// comma, a quote, CR or LF, and a quote inside a quoted field doubled.
/// </summary>
/// <remarks>
/// Reading is strict: a quote inside an unquoted field, text after a closing quote, or a quoted
/// field still open at the end of the input is a <see cref="CsvFormatException"/> whose message starts
/// with the 1-based line number where the problem was found. So is a field longer than
/// <see cref="MaxFieldLength"/>, a record of more than <see cref="MaxFields"/> fields, input beyond the
/// caller's length cap, and a <see cref="TextInputException"/> from the reader (bytes that are not UTF-8),
/// so memory stays bounded whatever the input. Blank lines (no characters at all
/// between two line ends) are skipped; a record that is one empty field is written as <c>""</c>
/// so that it survives the round trip. Stateless and thread-safe.
/// </remarks>
internal static class Rfc4180
{
    /// <summary>The longest field read, in characters: 64 Ki.</summary>
    public const int MaxFieldLength = 64 * 1024;

    /// <summary>The most fields in one record read: 256.</summary>
    public const int MaxFields = 256;

    /// <summary>Returns whether <paramref name="value"/> must be quoted: it holds a comma, a quote, CR or LF.</summary>
    public static bool NeedsQuoting(ReadOnlySpan<char> value) => value.IndexOfAny(",\"\r\n") >= 0;

    /// <summary>Writes one field, quoted only when it needs to be.</summary>
    public static void WriteField(TextWriter writer, ReadOnlySpan<char> value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!NeedsQuoting(value))
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        while (true)
        {
            var quote = value.IndexOf('"');
            if (quote < 0)
            {
                writer.Write(value);
                break;
            }

            writer.Write(value[..(quote + 1)]);
            writer.Write('"');
            value = value[(quote + 1)..];
        }

        writer.Write('"');
    }

    /// <summary>Writes one record: its fields separated by commas, then CRLF.</summary>
    /// <remarks>
    /// A record of one empty field is written as <c>""</c> so that it is not an empty line. With
    /// <paramref name="quoteEmptyLastField"/>, an empty last field is written as <c>""</c> too, so the record
    /// does not end in a comma.
    /// </remarks>
    public static void WriteRecord(TextWriter writer, IReadOnlyList<string?> fields, bool quoteEmptyLastField = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 1 && string.IsNullOrEmpty(fields[0]))
        {
            writer.Write("\"\"\r\n");
            return;
        }

        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            if (quoteEmptyLastField && i == fields.Count - 1 && string.IsNullOrEmpty(fields[i]))
            {
                writer.Write("\"\"");
            }
            else
            {
                WriteField(writer, fields[i].AsSpan());
            }
        }

        writer.Write("\r\n");
    }

    /// <summary>Formats records as CSV text, each record ended by CRLF.</summary>
    public static string Write(IEnumerable<IReadOnlyList<string?>> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var record in records)
        {
            WriteRecord(writer, record);
        }

        return writer.ToString();
    }

    /// <summary>Reads every record of <paramref name="text"/>.</summary>
    /// <exception cref="CsvFormatException">The text is not valid RFC 4180 or goes beyond a limit; the message starts with the line number.</exception>
    public static IEnumerable<(int Line, string[] Fields)> ReadRecords(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ReadRecords(new StringReader(text));
    }

    /// <summary>
    /// Reads records lazily from <paramref name="reader"/>; each comes with the 1-based line on which it starts.
    /// </summary>
    /// <param name="reader">The text.</param>
    /// <param name="maxLength">The most characters read before the input is refused.</param>
    /// <exception cref="CsvFormatException">The input is not valid RFC 4180 or goes beyond a limit; the message starts with the line number.</exception>
    public static IEnumerable<(int Line, string[] Fields)> ReadRecords(TextReader reader, long maxLength = long.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadRecordsCore(new Cursor(reader, maxLength));
    }

    private static IEnumerable<(int Line, string[] Fields)> ReadRecordsCore(Cursor input)
    {
        var fields = new List<string>();
        var field = new StringBuilder();

        while (true)
        {
            input.Field = 0;
            var c = input.Read();
            if (c < 0)
            {
                yield break;
            }

            // Blank line: nothing between two line ends.
            if (c is '\r' or '\n')
            {
                ConsumeLineEnd(input, c);
                input.Line++;
                continue;
            }

            var recordLine = input.Line;
            fields.Clear();
            var endOfRecord = false;
            while (!endOfRecord)
            {
                field.Clear();
                if (fields.Count == MaxFields)
                {
                    throw new CsvFormatException(input.Line, 0, $"the record has more than {MaxFields} fields");
                }

                input.Field = fields.Count + 1;
                if (c == '"')
                {
                    // Quoted field: runs to the closing quote; doubled quotes are one quote.
                    while (true)
                    {
                        c = input.Read();
                        if (c < 0)
                        {
                            throw input.Malformed($"a quoted field that starts on line {recordLine} is not closed before the end of the input");
                        }

                        if (c == '"')
                        {
                            if (input.Peek() == '"')
                            {
                                input.Read();
                                Append(input, field, '"');
                                continue;
                            }

                            break;
                        }

                        if (c == '\n' || (c == '\r' && input.Peek() != '\n'))
                        {
                            input.Line++;
                        }

                        Append(input, field, (char)c);
                    }

                    c = input.Read();
                    if (c >= 0 && c is not (',' or '\r' or '\n'))
                    {
                        throw input.Malformed($"the character {Shown(c)} follows a closing quote; a quoted field must end at a comma or a line end");
                    }
                }
                else
                {
                    while (c >= 0 && c is not (',' or '\r' or '\n'))
                    {
                        if (c == '"')
                        {
                            throw input.Malformed("a quote inside an unquoted field; quote the whole field and double the quote");
                        }

                        Append(input, field, (char)c);
                        c = input.Read();
                    }
                }

                fields.Add(field.ToString());
                if (c == ',')
                {
                    c = input.Read();
                    if (c < 0 || c is '\r' or '\n')
                    {
                        // A trailing comma ends the record with an empty last field.
                        fields.Add(string.Empty);
                        endOfRecord = true;
                    }
                }
                else
                {
                    endOfRecord = true;
                }
            }

            if (c is '\r' or '\n')
            {
                ConsumeLineEnd(input, c);
                input.Line++;
            }

            yield return (recordLine, fields.ToArray());
            if (c < 0)
            {
                yield break;
            }
        }
    }

    private static void Append(Cursor input, StringBuilder field, char c)
    {
        if (field.Length == MaxFieldLength)
        {
            throw input.Malformed($"the field is longer than {MaxFieldLength:N0} characters");
        }

        field.Append(c);
    }

    private static string Shown(int c) => char.IsControl((char)c) || char.IsWhiteSpace((char)c) ? $"U+{c:X4}" : $"'{(char)c}'";

    private static void ConsumeLineEnd(Cursor input, int c)
    {
        if (c == '\r' && input.Peek() == '\n')
        {
            input.Read();
        }
    }

    /// <summary>The reader with where it is: turns a decoding error or too much input into a located <see cref="CsvFormatException"/>.</summary>
    private sealed class Cursor(TextReader reader, long maxLength)
    {
        private long _count;

        public int Line { get; set; } = 1;

        public int Field { get; set; }

        public int Read()
        {
            int c;
            try
            {
                c = reader.Read();
            }
            catch (TextInputException e)
            {
                throw Malformed(e.Message.TrimEnd('.'));
            }

            if (c >= 0 && ++_count > maxLength)
            {
                throw Malformed($"the input is longer than {maxLength:N0} characters, the most accepted");
            }

            return c;
        }

        public int Peek()
        {
            try
            {
                return reader.Peek();
            }
            catch (TextInputException e)
            {
                throw Malformed(e.Message.TrimEnd('.'));
            }
        }

        public CsvFormatException Malformed(string reason) => new(Line, Field, reason);
    }
}
