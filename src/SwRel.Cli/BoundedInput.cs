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
}
