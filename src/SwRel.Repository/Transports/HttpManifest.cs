using System.Collections.Immutable;
using System.Text;
using System.Xml;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Transports;

/// <summary>
/// Reads the file list an http/https SyncURL names: a Metalink manifest (<c>&lt;file name="…"&gt;</c>, versions 3
/// and 4) or a text list whose lines are coreutils checksum lines (<c>HEX  path</c>, <c>HEX *path</c>), BSD
/// checksum lines (<c>SHA256 (path) = HEX</c>) or bare relative paths; blank lines and <c>#</c> comments are skipped.
/// </summary>
internal static class HttpManifest
{
    public static ImmutableArray<string> Parse(ReadOnlySpan<byte> content, string url)
    {
        var text = Encoding.UTF8.GetString(content).TrimStart('\uFEFF').Trim();
        var names = text.StartsWith('<') ? ParseMetalink(text, url) : ParseLines(text, url);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var files = ImmutableArray.CreateBuilder<string>();
        foreach (var (name, where) in names)
        {
            if (!RepositoryPath.TryParse(name, out var path, out var error) || path.IsRoot)
            {
                throw new TransportException(url, $"The manifest '{url}' lists an unusable path at {where}: {error ?? "the path is empty"}", null);
            }

            if (!seen.Add(path.Value))
            {
                throw new TransportException(url, $"The manifest '{url}' lists '{path}' twice ({where}).", null);
            }

            files.Add(path.Value);
        }

        return files.ToImmutable();
    }

    private static List<(string Name, string Where)> ParseMetalink(string text, string url)
    {
        var names = new List<(string, string)>();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "file")
                {
                    var line = reader is IXmlLineInfo info ? info.LineNumber : 0;
                    names.Add((reader.GetAttribute("name") ?? "", $"line {line}"));
                }
            }
        }
        catch (XmlException e)
        {
            throw new TransportException(url, $"The manifest '{url}' is not well-formed XML: {e.Message}", e);
        }

        return names;
    }

    private static List<(string Name, string Where)> ParseLines(string text, string url)
    {
        var names = new List<(string, string)>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            names.Add((NameOf(line), $"line {number}"));
        }

        return names;
    }

    private static string NameOf(string line)
    {
        // BSD: ALGORITHM (path) = HEX
        var open = line.IndexOf(" (", StringComparison.Ordinal);
        var close = line.LastIndexOf(") = ", StringComparison.Ordinal);
        if (open > 0 && close > open && line[..open].All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return line[(open + 2)..close];
        }

        // coreutils: HEX, a space, then a space (text) or '*' (binary), then the path.
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0 && space + 2 <= line.Length && line[..space].All(char.IsAsciiHexDigit) && (line[space + 1] == ' ' || line[space + 1] == '*'))
        {
            return line[(space + 2)..];
        }

        return line.Trim();
    }
}
