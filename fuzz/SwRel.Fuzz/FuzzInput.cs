using System.Text;

namespace SwRel.Fuzz;

/// <summary>Turns the fuzzer's bytes into the text a reader that takes a string would get.</summary>
public static class FuzzInput
{
    /// <summary>Decodes bytes as <see cref="File.ReadAllText(string)"/> would: UTF-8 unless a byte order mark says otherwise, bad bytes replaced.</summary>
    /// <param name="input">The bytes.</param>
    /// <returns>The text.</returns>
    /// <remarks>The tool reads plan files with <see cref="File.ReadAllTextAsync(string, CancellationToken)"/>, so this is the text a hostile file becomes.</remarks>
    public static string Text(ReadOnlySpan<byte> input)
    {
        using var reader = new StreamReader(new MemoryStream(input.ToArray(), writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
