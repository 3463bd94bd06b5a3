namespace SwRel.Cli;

/// <summary>Writes rows of text as left-aligned columns under a header, for the operator commands' listings.</summary>
internal static class TextTable
{
    /// <summary>Writes the header and the rows, each column as wide as its widest cell, two spaces apart.</summary>
    /// <param name="output">Where the text goes.</param>
    /// <param name="header">The column names.</param>
    /// <param name="rows">The cells, one array per row, as many as the header has.</param>
    public static void Write(TextWriter output, IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        var widths = header.Select((name, i) => rows.Select(r => r[i].Length).Prepend(name.Length).Max()).ToArray();
        WriteRow(output, header, widths);
        foreach (var row in rows)
        {
            WriteRow(output, row, widths);
        }
    }

    private static void WriteRow(TextWriter output, IReadOnlyList<string> cells, int[] widths) =>
        output.WriteLine(string.Join("  ", cells.Select((cell, i) => i == cells.Count - 1 ? cell : cell.PadRight(widths[i]))));
}
