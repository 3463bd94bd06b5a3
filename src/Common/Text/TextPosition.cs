using System.Text;
using System.Text.Unicode;

namespace SwRel.Text;

/// <summary>Line and column of an offset in a text, and the first place where a text is not valid Unicode.</summary>
/// <remarks>Lines end at LF (a CR before it is part of the line end); columns count characters (Unicode scalar values), from 1.</remarks>
internal static class TextPosition
{
    /// <summary>Returns the 1-based line and column of the byte at <paramref name="offset"/> in UTF-8 text.</summary>
    public static (int Line, int Column) Of(ReadOnlySpan<byte> utf8, int offset)
    {
        offset = Math.Clamp(offset, 0, utf8.Length);
        var before = utf8[..offset];
        var line = before.Count((byte)'\n') + 1;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var column = 1;
        foreach (var b in before[lineStart..])
        {
            // Continuation bytes (10xxxxxx) do not start a character.
            if ((b & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return (line, column);
    }

    /// <summary>Returns the 1-based line and column of the character at <paramref name="offset"/> in UTF-16 text.</summary>
    public static (int Line, int Column) Of(ReadOnlySpan<char> text, int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var before = text[..offset];
        var line = before.Count('\n') + 1;
        var lineStart = before.LastIndexOf('\n') + 1;
        var column = 1;
        foreach (var c in before[lineStart..])
        {
            if (!char.IsLowSurrogate(c))
            {
                column++;
            }
        }

        return (line, column);
    }

    /// <summary>Returns the offset of the first byte that is not part of valid UTF-8, or -1 when all of it is valid.</summary>
    public static int IndexOfInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        if (Utf8.IsValid(utf8))
        {
            return -1;
        }

        Span<char> scratch = stackalloc char[512];
        var offset = 0;
        while (true)
        {
            var status = Utf8.ToUtf16(utf8[offset..], scratch, out var read, out _, replaceInvalidSequences: false);
            offset += read;
            if (status != System.Buffers.OperationStatus.DestinationTooSmall)
            {
                return offset < utf8.Length ? offset : -1;
            }
        }
    }

    /// <summary>Returns the index of the first surrogate without its other half, or -1 when there is none.</summary>
    public static int IndexOfLoneSurrogate(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Describes the character at <paramref name="offset"/> for a message: <c>'x'</c>, or its code point when it is not printable.</summary>
    public static string Describe(ReadOnlySpan<byte> utf8, int offset)
    {
        if (offset >= utf8.Length)
        {
            return "the end of the text";
        }

        return Rune.DecodeFromUtf8(utf8[offset..], out var rune, out _) == System.Buffers.OperationStatus.Done
            ? Describe(rune)
            : $"the byte 0x{utf8[offset]:X2}";
    }

    /// <summary>Describes a character for a message: <c>'x'</c>, or <c>U+0009</c> when it is not printable.</summary>
    public static string Describe(Rune rune) =>
        Rune.IsControl(rune) || Rune.IsWhiteSpace(rune) || rune.Value is 0xFEFF
            ? $"U+{rune.Value:X4}"
            : $"'{rune}'";
}
