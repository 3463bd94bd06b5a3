using System.Numerics;

namespace SwRel.Metadata.Releases;

/// <summary>
/// What a cheap scan of a document's prolog found: the root element's name and the DOCTYPE's extent, if any.
/// </summary>
/// <remarks>
/// The scan looks only at the XML declaration, comments, processing instructions and the DOCTYPE before the root
/// element. It never interprets a DOCTYPE: it only finds where it ends, so that the reader can blank it out and no
/// entity, DTD or schema named by the document is ever processed.
/// </remarks>
internal readonly record struct XmlProlog(
    bool Found,
    string RootQualifiedName,
    int DoctypeStart,
    int DoctypeEnd,
    bool DoctypeHasInternalSubset,
    int DoctypeLine,
    int DoctypeColumn,
    int RootStart)
{
    public bool HasDoctype => DoctypeEnd > DoctypeStart;

    public string RootLocalName
    {
        get
        {
            var colon = RootQualifiedName.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? RootQualifiedName : RootQualifiedName[(colon + 1)..];
        }
    }

    public static XmlProlog NotFound => new(false, "", 0, 0, false, 0, 0, 0);

    /// <summary>Scans a document held as code units (bytes of an ASCII-compatible encoding, or UTF-16 chars).</summary>
    public static XmlProlog Scan<T>(ReadOnlySpan<T> s)
        where T : unmanaged, IBinaryInteger<T>
    {
        var i = 0;
        if (typeof(T) == typeof(byte) && s.Length >= 3 && At(s, 0) == 0xEF && At(s, 1) == 0xBB && At(s, 2) == 0xBF)
        {
            i = 3;
        }
        else if (typeof(T) == typeof(char) && s.Length >= 1 && At(s, 0) == 0xFEFF)
        {
            i = 1;
        }

        int doctypeStart = 0, doctypeEnd = 0;
        var internalSubset = false;
        while (true)
        {
            while (i < s.Length && IsSpace(At(s, i)))
            {
                i++;
            }

            if (i >= s.Length || At(s, i) != '<')
            {
                return NotFound;
            }

            if (StartsWith(s, i, "<?"))
            {
                var end = IndexOf(s, i + 2, "?>");
                if (end < 0)
                {
                    return NotFound;
                }

                i = end + 2;
            }
            else if (StartsWith(s, i, "<!--"))
            {
                var end = IndexOf(s, i + 4, "-->");
                if (end < 0)
                {
                    return NotFound;
                }

                i = end + 3;
            }
            else if (StartsWith(s, i, "<!DOCTYPE"))
            {
                if (doctypeEnd > 0)
                {
                    return NotFound;
                }

                doctypeStart = i;
                var end = FindDoctypeEnd(s, i + 9, out internalSubset);
                if (end < 0)
                {
                    return NotFound;
                }

                doctypeEnd = end;
                i = end;
            }
            else
            {
                var start = i + 1;
                var j = start;
                while (j < s.Length && !IsSpace(At(s, j)) && At(s, j) is not ('>' or '/' or '<'))
                {
                    j++;
                }

                if (j == start || j >= s.Length)
                {
                    return NotFound;
                }

                var name = new char[j - start];
                for (var k = 0; k < name.Length; k++)
                {
                    var c = At(s, start + k);
                    name[k] = c < 0x80 ? (char)c : '?';
                }

                var (line, column) = doctypeEnd > 0 ? Position(s, doctypeStart) : (0, 0);
                return new XmlProlog(true, new string(name), doctypeStart, doctypeEnd, internalSubset, line, column, i);
            }
        }
    }

    /// <summary>Returns the index just past the DOCTYPE's closing <c>&gt;</c>, or -1 if it does not end.</summary>
    private static int FindDoctypeEnd<T>(ReadOnlySpan<T> s, int i, out bool internalSubset)
        where T : unmanaged, IBinaryInteger<T>
    {
        internalSubset = false;
        var inSubset = false;
        while (i < s.Length)
        {
            var c = At(s, i);
            if (c is '"' or '\'')
            {
                var close = i + 1;
                while (close < s.Length && At(s, close) != c)
                {
                    close++;
                }

                if (close >= s.Length)
                {
                    return -1;
                }

                i = close + 1;
            }
            else if (inSubset && StartsWith(s, i, "<!--"))
            {
                var end = IndexOf(s, i + 4, "-->");
                if (end < 0)
                {
                    return -1;
                }

                i = end + 3;
            }
            else if (c == '[' && !inSubset)
            {
                inSubset = internalSubset = true;
                i++;
            }
            else if (c == ']' && inSubset)
            {
                inSubset = false;
                i++;
            }
            else if (c == '>' && !inSubset)
            {
                return i + 1;
            }
            else
            {
                i++;
            }
        }

        return -1;
    }

    /// <summary>Gets the 1-based line and column of an index (columns count code units).</summary>
    public static (int Line, int Column) Position<T>(ReadOnlySpan<T> s, int index)
        where T : unmanaged, IBinaryInteger<T>
    {
        int line = 1, lineStart = 0;
        for (var k = 0; k < index && k < s.Length; k++)
        {
            if (At(s, k) == '\n')
            {
                line++;
                lineStart = k + 1;
            }
        }

        return (line, index - lineStart + 1);
    }

    /// <summary>Replaces the DOCTYPE with spaces, keeping line breaks so that every later line and column stays the same.</summary>
    public void Blank<T>(Span<T> s)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (var k = DoctypeStart; k < DoctypeEnd; k++)
        {
            if (At(s, k) is not ('\n' or '\r'))
            {
                s[k] = T.CreateTruncating(' ');
            }
        }
    }

    private static int At<T>(ReadOnlySpan<T> s, int i)
        where T : unmanaged, IBinaryInteger<T> => int.CreateTruncating(s[i]);

    private static int At<T>(Span<T> s, int i)
        where T : unmanaged, IBinaryInteger<T> => int.CreateTruncating(s[i]);

    private static bool IsSpace(int c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool StartsWith<T>(ReadOnlySpan<T> s, int i, string text)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (i + text.Length > s.Length)
        {
            return false;
        }

        for (var k = 0; k < text.Length; k++)
        {
            if (At(s, i + k) != text[k])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Finds an ASCII delimiter (at most 8 code units) from an index on; the search is the runtime's vectorised one.</summary>
    private static int IndexOf<T>(ReadOnlySpan<T> s, int from, string text)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (from > s.Length)
        {
            return -1;
        }

        Span<T> needle = stackalloc T[text.Length];
        for (var k = 0; k < text.Length; k++)
        {
            needle[k] = T.CreateTruncating(text[k]);
        }

        var found = s[from..].IndexOf(needle);
        return found < 0 ? -1 : from + found;
    }
}
