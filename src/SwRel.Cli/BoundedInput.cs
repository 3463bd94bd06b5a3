using System.Text;

namespace SwRel.Cli;

/// <summary>Reads standard input up to a cap, so that an endless or huge input is refused instead of filling memory.</summary>
internal static class BoundedInput
{
    /// <summary>Reads the text up to its end, but never more than <paramref name="maxChars"/> + 1 characters.</summary>
    /// <remarks>One character past the cap is kept so that the reader that applies the limit sees the input is too long; the rest is never read.</remarks>
    public static string ReadToEnd(TextReader reader, long maxChars)
    {
        var text = new StringBuilder();
        var buffer = new char[16 * 1024];
        while (text.Length <= maxChars)
        {
            var read = reader.Read(buffer, 0, (int)Math.Min(buffer.Length, maxChars + 1 - text.Length));
            if (read == 0)
            {
                break;
            }

            text.Append(buffer, 0, read);
        }

        return text.ToString();
    }

    /// <summary>
    /// Reads one line (ended by LF, CRLF or CR, without the line end), or <see langword="null"/> at the end of the input;
    /// a line longer than <paramref name="maxChars"/> is not kept: <paramref name="tooLong"/> is set and reading stops there.
    /// </summary>
    public static string? ReadLine(TextReader reader, int maxChars, out bool tooLong)
    {
        tooLong = false;
        var line = new StringBuilder();
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                return line.Length == 0 ? null : line.ToString();
            }

            if (c == '\n')
            {
                return line.ToString();
            }

            if (c == '\r')
            {
                if (reader.Peek() == '\n')
                {
                    reader.Read();
                }

                return line.ToString();
            }

            if (line.Length == maxChars)
            {
                tooLong = true;
                return null;
            }

            line.Append((char)c);
        }
    }
}
