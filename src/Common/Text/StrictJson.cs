using System.Text;
using System.Text.Json;

namespace SwRel.Text;

/// <summary>
/// Checks a UTF-8 JSON text before it is read, so that what System.Text.Json would accept silently, or refuse with its
/// own internal wording, is refused with the JSON path, line and column: a byte order mark, bytes that are not UTF-8,
/// a comment, a <c>\u</c> escape that is half of a surrogate pair, malformed JSON and nesting beyond a depth.
/// </summary>
/// <remarks>
/// A text that passes can be read with <see cref="Utf8JsonReader"/> or <see cref="JsonDocument"/> (comments disallowed,
/// the same depth) without a <see cref="JsonException"/>, and every string in it converts to UTF-16 without an
/// <see cref="InvalidOperationException"/>. Stateless and thread-safe.
/// </remarks>
internal static class StrictJson
{
    /// <summary>Checks a UTF-8 JSON text.</summary>
    /// <param name="utf8">The text.</param>
    /// <param name="maxDepth">The deepest nesting accepted.</param>
    /// <returns>The first problem, or <see langword="null"/> when the text is strict JSON.</returns>
    public static JsonInputError? Check(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        if (utf8.StartsWith("\uFEFF"u8))
        {
            return new JsonInputError("$", 1, 1, "the text starts with a byte order mark (EF BB BF); write UTF-8 without one.");
        }

        var invalid = TextPosition.IndexOfInvalidUtf8(utf8);
        if (invalid >= 0)
        {
            return At(utf8, invalid, maxDepth, $"the byte 0x{utf8[invalid]:X2} at offset {invalid:N0} is not valid UTF-8; write the text in UTF-8.");
        }

        // The first pass keeps no path, so that valid text is checked without allocating; the path of a problem is
        // found by a second pass up to its offset.
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Allow, MaxDepth = maxDepth });
        var depth = 0;
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                depth += token switch
                {
                    JsonTokenType.StartObject or JsonTokenType.StartArray => 1,
                    JsonTokenType.EndObject or JsonTokenType.EndArray => -1,
                    _ => 0,
                };
                if (token == JsonTokenType.Comment)
                {
                    return At(utf8, (int)reader.TokenStartIndex, maxDepth, "a comment; JSON has no comments.");
                }

                if (token is JsonTokenType.PropertyName or JsonTokenType.String && reader.ValueIsEscaped
                    && IndexOfLoneSurrogateEscape(reader.ValueSpan) is var lone and >= 0)
                {
                    var name = token == JsonTokenType.PropertyName ? "a property name" : "the string";
                    var escape = Encoding.ASCII.GetString(reader.ValueSpan.Slice(lone, 6));
                    return At(
                        utf8,
                        (int)reader.TokenStartIndex + 1 + lone,
                        maxDepth,
                        $"{name} holds the escape {escape}, half of a surrogate pair without its other half; it is not a character.");
                }
            }
        }
        catch (JsonException e)
        {
            var offset = Offset(utf8, e.LineNumber ?? 0, e.BytePositionInLine ?? 0);
            if (depth >= maxDepth && offset < utf8.Length && utf8[offset] is (byte)'[' or (byte)'{')
            {
                return At(utf8, offset, maxDepth, $"the JSON is nested deeper than {maxDepth} levels.");
            }

            if (offset >= utf8.Length || IsTruncated(utf8, maxDepth))
            {
                return At(utf8, utf8.Length, maxDepth, "the JSON ends before it is complete.");
            }

            return At(utf8, offset, maxDepth, $"the JSON is malformed here (at {TextPosition.Describe(utf8, offset)}).");
        }

        return null;
    }

    /// <summary>Checks a JSON text given as UTF-16: a surrogate without its other half is refused, then the UTF-8 form is checked.</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxDepth">The deepest nesting accepted.</param>
    /// <param name="utf8">The text as UTF-8, when it is valid.</param>
    /// <returns>The first problem, or <see langword="null"/>.</returns>
    public static JsonInputError? Check(string text, int maxDepth, out byte[] utf8)
    {
        var lone = TextPosition.IndexOfLoneSurrogate(text);
        if (lone >= 0)
        {
            utf8 = [];
            var (line, column) = TextPosition.Of(text.AsSpan(), lone);
            return new JsonInputError("$", line, column, $"the text holds U+{(int)text[lone]:X4}, half of a surrogate pair without its other half; it is not a character.");
        }

        utf8 = Encoding.UTF8.GetBytes(text);
        return Check(utf8, maxDepth);
    }

    /// <summary>Returns where in a string's raw (escaped) bytes a <c>\uXXXX</c> escape stands for half a surrogate pair, or -1.</summary>
    public static int IndexOfLoneSurrogateEscape(ReadOnlySpan<byte> raw)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\')
            {
                continue;
            }

            if (i + 1 >= raw.Length || raw[i + 1] != 'u' || !TryHex(raw, i + 2, out var unit))
            {
                i++;
                continue;
            }

            if (char.IsHighSurrogate(unit))
            {
                if (i + 12 <= raw.Length && raw[i + 6] == '\\' && raw[i + 7] == 'u' && TryHex(raw, i + 8, out var low) && char.IsLowSurrogate(low))
                {
                    i += 11;
                    continue;
                }

                return i;
            }

            if (char.IsLowSurrogate(unit))
            {
                return i;
            }

            i += 5;
        }

        return -1;
    }

    private static bool TryHex(ReadOnlySpan<byte> raw, int start, out char unit)
    {
        unit = '\0';
        if (start + 4 > raw.Length)
        {
            return false;
        }

        var value = 0;
        foreach (var b in raw.Slice(start, 4))
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            value = (value * 16) + digit;
        }

        unit = (char)value;
        return true;
    }

    // Read as a partial block, a text that is only cut short reads to its end without an error.
    private static bool IsTruncated(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        var reader = new Utf8JsonReader(utf8, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Allow, MaxDepth = maxDepth }));
        try
        {
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static int Offset(ReadOnlySpan<byte> utf8, long line, long bytePositionInLine)
    {
        var start = 0;
        for (var i = 0L; i < line; i++)
        {
            var next = utf8[start..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            start += next + 1;
        }

        return (int)Math.Min(start + bytePositionInLine, utf8.Length);
    }

    private static JsonInputError At(ReadOnlySpan<byte> utf8, int offset, int maxDepth, string reason)
    {
        var (line, column) = TextPosition.Of(utf8, offset);
        return new JsonInputError(PathAt(utf8, offset, maxDepth), line, column, reason);
    }

    /// <summary>The JSON path of the value that holds <paramref name="offset"/>, read up to there (a problem beyond it does not matter).</summary>
    private static string PathAt(ReadOnlySpan<byte> utf8, int offset, int maxDepth)
    {
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = maxDepth });
        try
        {
            while (reader.Read() && reader.TokenStartIndex < offset)
            {
                var token = reader.TokenType;
                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    frames.RemoveAt(frames.Count - 1);
                    continue;
                }

                if (token == JsonTokenType.PropertyName)
                {
                    frames[^1] = frames[^1] with { Name = Encoding.UTF8.GetString(reader.ValueSpan) };
                    continue;
                }

                if (frames.Count > 0 && frames[^1].IsArray)
                {
                    frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
                }

                if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    frames.Add(new Frame(token == JsonTokenType.StartArray, -1, null));
                }
            }
        }
        catch (JsonException)
        {
            // The problem itself: the path read so far is where it is.
        }

        var path = new StringBuilder("$");
        foreach (var frame in frames)
        {
            if (frame.IsArray && frame.Index >= 0)
            {
                path.Append('[').Append(frame.Index).Append(']');
            }
            else if (!frame.IsArray && frame.Name is { } name)
            {
                path.Append('.').Append(name);
            }
        }

        return path.ToString();
    }

    private readonly record struct Frame(bool IsArray, int Index, string? Name);
}
