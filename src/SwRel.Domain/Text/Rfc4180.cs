using System.Text;

namespace SwRel.Domain.Text;

/// <summary>
/// Comma-separated values as RFC 4180 defines them: fields separated by <c>,</c>, records ended by
/// CRLF (LF and a lone CR are accepted when reading), a field quoted with <c>"</c> when it holds a
/// comma, a quote, CR or LF, and a quote inside a quoted field doubled.
/// </summary>
/// <remarks>
/// Reading is strict: a quote inside an unquoted field, text after a closing quote, or a quoted
/// field still open at the end of the input is a <see cref="FormatException"/> whose message starts
/// with the 1-based line number where the problem was found. Blank lines (no characters at all
/// between two line ends) are skipped; a record that is one empty field is written as <c>""</c>
/// so that it survives the round trip. Stateless and thread-safe.
/// </remarks>
internal static class Rfc4180
{
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
    /// <exception cref="FormatException">The text is not valid RFC 4180; the message starts with the line number.</exception>
    public static IEnumerable<(int Line, string[] Fields)> ReadRecords(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ReadRecords(new StringReader(text));
    }

    /// <summary>
    /// Reads records lazily from <paramref name="reader"/>; each comes with the 1-based line on which it starts.
    /// </summary>
    /// <exception cref="FormatException">The input is not valid RFC 4180; the message starts with the line number.</exception>
    public static IEnumerable<(int Line, string[] Fields)> ReadRecords(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadRecordsCore(reader);
    }

    private static IEnumerable<(int Line, string[] Fields)> ReadRecordsCore(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;

        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                yield break;
            }

            // Blank line: nothing between two line ends.
            if (c is '\r' or '\n')
            {
                ConsumeLineEnd(reader, c);
                line++;
                continue;
            }

            recordLine = line;
            fields.Clear();
            var endOfRecord = false;
            while (!endOfRecord)
            {
                field.Clear();
                if (c == '"')
                {
                    // Quoted field: runs to the closing quote; doubled quotes are one quote.
                    while (true)
                    {
                        c = reader.Read();
                        if (c < 0)
                        {
                            throw Malformed(line, $"a quoted field that starts on line {recordLine} is not closed before the end of the input");
                        }

                        if (c == '"')
                        {
                            if (reader.Peek() == '"')
                            {
                                reader.Read();
                                field.Append('"');
                                continue;
                            }

                            break;
                        }

                        if (c == '\n' || (c == '\r' && reader.Peek() != '\n'))
                        {
                            line++;
                        }

                        field.Append((char)c);
                    }

                    c = reader.Read();
                    if (c >= 0 && c is not (',' or '\r' or '\n'))
                    {
                        throw Malformed(line, $"the character '{(char)c}' follows a closing quote; a quoted field must end at a comma or a line end");
                    }
                }
                else
                {
                    while (c >= 0 && c is not (',' or '\r' or '\n'))
                    {
                        if (c == '"')
                        {
                            throw Malformed(line, "a quote inside an unquoted field; quote the whole field and double the quote");
                        }

                        field.Append((char)c);
                        c = reader.Read();
                    }
                }

                fields.Add(field.ToString());
                if (c == ',')
                {
                    c = reader.Read();
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
                ConsumeLineEnd(reader, c);
                line++;
            }

            yield return (recordLine, fields.ToArray());
            if (c < 0)
            {
                yield break;
            }
        }
    }

    private static void ConsumeLineEnd(TextReader reader, int c)
    {
        if (c == '\r' && reader.Peek() == '\n')
        {
            reader.Read();
        }
    }

    private static FormatException Malformed(int line, string what) => new($"line {line}: {what}.");
}
