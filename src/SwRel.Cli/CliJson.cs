using System.Text;
using System.Text.Json;

namespace SwRel.Cli;

/// <summary>Writes one JSON document built with a <see cref="Utf8JsonWriter"/> as one line of text output.</summary>
/// <remarks>
/// Every <c>--format json</c> output goes through here so the buffering, the UTF-8 decoding and the trailing
/// newline are the same for all commands; each caller keeps its own <see cref="JsonWriterOptions"/>.
/// Stateless and thread-safe.
/// </remarks>
internal static class CliJson
{
    /// <summary>The options used when a caller passes none: indented, default (strict) encoder.</summary>
    public static readonly JsonWriterOptions Indented = new() { Indented = true };

    /// <summary>Builds the document with <paramref name="write"/> and writes it, followed by a newline, to <paramref name="output"/>.</summary>
    /// <param name="output">Where the text goes.</param>
    /// <param name="write">Writes the whole document (one JSON value) to the writer.</param>
    /// <param name="options">Writer options; <see langword="null"/> means <see cref="Indented"/>.</param>
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write, JsonWriterOptions? options = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, options ?? Indented))
        {
            write(writer);
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
