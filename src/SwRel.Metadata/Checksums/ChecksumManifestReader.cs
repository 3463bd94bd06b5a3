using System.Collections.Immutable;
using System.Text;
using System.Xml;

namespace SwRel.Metadata.Checksums;

/// <summary>
/// Reads checksum manifests: Metalink 4 (RFC 5854) and the coreutils text forms (GNU <c>HEX  path</c>,
/// <c>HEX *path</c>, BSD <c>SHA256 (path) = HEX</c>), telling them apart by the first non-blank character.
/// </summary>
/// <remarks>
/// XML is read securely: DTDs are prohibited, no resolver is used and the document size is limited
/// (<see cref="ManifestReaderOptions"/>). Errors in the manifest never throw: they are returned in the
/// <see cref="ManifestReadResult"/> with their line and column, in SwRel's own words. A manifest that lists no file
/// is an error in every format, since verifying against it would let every file through unchecked. A malformed
/// Metalink hash weaker than a good hash of the same file is passed over with a warning
/// (<see cref="ManifestReadResult.Warnings"/>). The reader does not judge paths; <see cref="ManifestPathPolicy"/> does
/// that before verification. Thread-safe: the type has no state.
/// </remarks>
public static class ChecksumManifestReader
{
    /// <summary>The Metalink 4 namespace, <c>urn:ietf:params:xml:ns:metalink</c>.</summary>
    public const string MetalinkNamespace = "urn:ietf:params:xml:ns:metalink";

    /// <summary>Reads a manifest file.</summary>
    /// <param name="path">The manifest's path.</param>
    /// <param name="options">Limits, or <see langword="null"/> for the defaults.</param>
    /// <returns>The manifest or its errors.</returns>
    /// <remarks>
    /// Only a regular file is read: a folder, FIFO, socket or device is refused at once by name, so that the read
    /// can neither hang nor stream without end. A file larger than <see cref="ManifestReaderOptions.MaxCharacters"/>
    /// bytes is refused before it is read.
    /// </remarks>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The file is not a regular file, is too large, or cannot be opened or read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static ManifestReadResult ReadFile(string path, ManifestReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new ManifestReaderOptions();
        using var stream = SwRel.IO.RegularFile.OpenRead(path, options.MaxCharacters, "a checksum manifest");
        return Read(stream, options);
    }

    /// <summary>Reads a manifest from a stream (UTF-8 unless a byte-order mark says otherwise). The stream is left open.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="options">Limits, or <see langword="null"/> for the defaults.</param>
    /// <returns>The manifest or its errors.</returns>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static ManifestReadResult Read(Stream stream, ManifestReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        return Read(reader, options);
    }

    /// <summary>Reads a manifest held in a string.</summary>
    /// <param name="text">The manifest's text.</param>
    /// <param name="options">Limits, or <see langword="null"/> for the defaults.</param>
    /// <returns>The manifest or its errors.</returns>
    public static ManifestReadResult Parse(string text, ManifestReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Read(reader, options);
    }

    /// <summary>Reads a manifest from a text reader.</summary>
    /// <param name="reader">The reader, positioned at the start of the manifest.</param>
    /// <param name="options">Limits, or <see langword="null"/> for the defaults.</param>
    /// <returns>The manifest or its errors.</returns>
    /// <exception cref="IOException">The underlying stream cannot be read.</exception>
    public static ManifestReadResult Read(TextReader reader, ManifestReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= new ManifestReaderOptions();

        // Skip leading blank space so that detection sees the first real character; count the lines skipped
        // so that positions still match the file.
        var skippedLines = 0;
        while (reader.Peek() is var next && next >= 0 && char.IsWhiteSpace((char)next))
        {
            if (reader.Read() == '\n')
            {
                skippedLines++;
            }
        }

        if (reader.Peek() == '<')
        {
            return new MetalinkParser(options, skippedLines).Parse(reader);
        }

        return new TextManifestParser(options, skippedLines).Parse(reader);
    }

    private sealed class MetalinkParser(ManifestReaderOptions options, int lineOffset)
    {
        private readonly ManifestErrorList _errors = new(options.MaxErrors);
        private readonly ImmutableArray<ManifestError>.Builder _warnings = ImmutableArray.CreateBuilder<ManifestError>();
        private readonly ImmutableArray<ChecksumEntry>.Builder _entries = ImmutableArray.CreateBuilder<ChecksumEntry>();
        private readonly Dictionary<ChecksumAlgorithm, string> _hashes = [];
        private readonly List<(ChecksumAlgorithm Algorithm, int Line, int Column)> _broken = [];
        private int _files;

        public ManifestReadResult Parse(TextReader text)
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = options.MaxCharacters,
                MaxCharactersFromEntities = 1024,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
                IgnoreWhitespace = true,
                CloseInput = false,
            };

            // The XML reader refuses any '<!' declaration in the prolog (it takes it for a DTD) without saying where:
            // find it first, so that the error has its line and column.
            var head = new char[16 * 1024];
            var headLength = text.ReadBlock(head, 0, head.Length);
            var prefix = new string(head, 0, headLength);
            if (FindDeclaration(prefix) is { } declaration)
            {
                var lineStart = prefix.LastIndexOf('\n', Math.Max(declaration - 1, 0));
                var line = 1 + lineOffset + prefix.AsSpan(0, declaration).Count('\n');
                _errors.Add(new ManifestError(line, declaration - lineStart, XmlErrorText.DtdRefused));
                return _errors.Result(null, []);
            }

            using var reader = XmlReader.Create(new PrefixedTextReader(prefix, text), settings);
            try
            {
                ReadDocument(reader);
            }
            catch (XmlException e)
            {
                // Some refusals (a DTD, for one) carry no position of their own: use the reader's.
                var (line, column) = e.LineNumber > 0 ? (e.LineNumber + lineOffset, e.LinePosition) : Position(reader);
                Error(line, column, XmlErrorText.Describe(e, options.MaxCharacters));
            }
            catch (StopReading)
            {
            }

            return _errors.Count == 0
                ? new ManifestReadResult(new ChecksumManifest(ManifestFormat.Metalink4, _entries.ToImmutable()), []) { Warnings = _warnings.ToImmutable() }
                : _errors.Result(null, _warnings.ToImmutable());
        }

        /// <summary>The offset of the first '&lt;!' that opens no comment, before the root element; or null.</summary>
        private static int? FindDeclaration(string prefix)
        {
            var position = 0;
            while (true)
            {
                while (position < prefix.Length && char.IsWhiteSpace(prefix[position]))
                {
                    position++;
                }

                var rest = prefix.AsSpan(position);
                int close;
                if (rest.StartsWith("<?"))
                {
                    close = rest.IndexOf("?>");
                }
                else if (rest.StartsWith("<!--"))
                {
                    close = rest.IndexOf("-->");
                }
                else
                {
                    return rest.StartsWith("<!") ? position : null;
                }

                if (close < 0)
                {
                    return null;
                }

                position += close + 2;
            }
        }

        private void ReadDocument(XmlReader reader)
        {
            reader.MoveToContent();
            var (rootLine, rootColumn) = Position(reader);
            if (!IsMetalink(reader, "metalink"))
            {
                Error(reader, $"The root element must be <metalink xmlns=\"{MetalinkNamespace}\"> (Metalink 4), not <{reader.Name}>.");
                return;
            }

            if (!reader.IsEmptyElement)
            {
                reader.Read();
                while (reader.MoveToContent() != XmlNodeType.EndElement && !reader.EOF)
                {
                    if (reader.NodeType != XmlNodeType.Element)
                    {
                        reader.Read();
                    }
                    else if (IsMetalink(reader, "file"))
                    {
                        ReadFileElement(reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }

            // Read to the end, so that what follows the root element is checked too.
            while (reader.Read())
            {
            }

            // An empty manifest would verify as "all ok" and let every file of the tree through unchecked.
            if (_files == 0)
            {
                Error(rootLine, rootColumn, "The manifest lists no files: <metalink> has no <file> child, and a manifest must list every file it vouches for.");
            }
        }

        private void ReadFileElement(XmlReader reader)
        {
            _files++;
            var (line, column) = Position(reader);
            var name = reader.GetAttribute("name");
            if (string.IsNullOrEmpty(name))
            {
                Error(line, column, "<file> has no name attribute.");
            }

            long? size = null;
            // One dictionary serves every <file>: the entry copies what it keeps.
            var hashes = _hashes;
            hashes.Clear();
            _broken.Clear();
            List<string>? unsupported = null;
            var isEmpty = reader.IsEmptyElement;
            reader.Read();
            if (!isEmpty)
            {
                while (reader.MoveToContent() != XmlNodeType.EndElement && !reader.EOF)
                {
                    if (reader.NodeType != XmlNodeType.Element)
                    {
                        reader.Read();
                    }
                    else if (IsMetalink(reader, "size"))
                    {
                        var (sizeLine, sizeColumn) = Position(reader);
                        var text = reader.ReadElementContentAsString().Trim();
                        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
                        {
                            size = value;
                        }
                        else
                        {
                            Error(sizeLine, sizeColumn, $"<size> of '{name}' must be a non-negative whole number of bytes, not '{text}'.");
                        }
                    }
                    else if (IsMetalink(reader, "hash"))
                    {
                        var (hashLine, hashColumn) = Position(reader);
                        var type = reader.GetAttribute("type");
                        var text = reader.ReadElementContentAsString().Trim();
                        if (!ChecksumAlgorithms.TryParse(type, out var algorithm))
                        {
                            (unsupported ??= []).Add(type ?? "(no type)");
                        }
                        else if (!HexDigest.TryNormalize(text, algorithm, out var hex))
                        {
                            _broken.Add((algorithm, hashLine, hashColumn));
                        }
                        else if (hashes.TryGetValue(algorithm, out var previous) && previous != hex)
                        {
                            Error(hashLine, hashColumn, $"'{name}' has two different {ChecksumAlgorithms.ToName(algorithm)} hashes.");
                        }
                        else
                        {
                            hashes[algorithm] = hex;
                        }
                    }
                    else
                    {
                        // <url>, <metaurl>, <pieces>, <signature>, <description>... do not concern verification.
                        reader.Skip();
                    }
                }

                reader.Read();
            }

            if (!JudgeBrokenHashes(name, hashes))
            {
                return;
            }

            if (hashes.Count == 0)
            {
                var why = unsupported is null ? "no <hash>" : $"no supported <hash> (found {string.Join(", ", unsupported)})";
                Error(line, column, $"<file name=\"{name}\"> has {why}; supported types are sha-256, sha-384, sha-512, sha-1, md5.");
                return;
            }

            if (!string.IsNullOrEmpty(name) && _errors.Count == 0)
            {
                if (_entries.Count >= options.MaxEntries)
                {
                    Error(line, column, $"The manifest has more than {options.MaxEntries:N0} entries, the most a manifest may hold.");
                    throw new StopReading();
                }

                _entries.Add(new ChecksumEntry(name, size, hashes, line));
            }
        }

        /// <summary>
        /// A malformed hash of an algorithm weaker than a good hash of the same file is passed over with a warning, as
        /// other Metalink clients do: the stronger one is checked anyway. One that is as strong or stronger is an error,
        /// since passing over it would check the file with a weaker hash than its author gave. Returns false when an
        /// error was reported.
        /// </summary>
        private bool JudgeBrokenHashes(string? name, Dictionary<ChecksumAlgorithm, string> hashes)
        {
            var ok = true;
            foreach (var (algorithm, hashLine, hashColumn) in _broken)
            {
                var digits = ChecksumAlgorithms.HashSizeInBytes(algorithm) * 2;
                var strongest = hashes.Count == 0 ? (ChecksumAlgorithm?)null : hashes.Keys.Min();
                if (strongest is { } good && good < algorithm)
                {
                    _warnings.Add(new ManifestError(hashLine, hashColumn,
                        $"The {ChecksumAlgorithms.ToName(algorithm)} hash of '{name}' is not {digits} hexadecimal digits; it is ignored and the {ChecksumAlgorithms.ToName(good)} hash is checked."));
                }
                else
                {
                    var why = strongest is null ? "and the file has no other usable hash" : $"and it is stronger than the file's {ChecksumAlgorithms.ToName(strongest.Value)} hash";
                    Error(hashLine, hashColumn, $"The {ChecksumAlgorithms.ToName(algorithm)} hash of '{name}' must be {digits} hexadecimal digits, {why}.");
                    ok = false;
                }
            }

            return ok;
        }

        private static bool IsMetalink(XmlReader reader, string localName) =>
            reader.NodeType == XmlNodeType.Element && reader.LocalName == localName && reader.NamespaceURI == MetalinkNamespace;

        private (int Line, int Column) Position(XmlReader reader) =>
            reader is IXmlLineInfo info && info.HasLineInfo() ? (info.LineNumber + lineOffset, info.LinePosition) : (0, 0);

        private void Error(XmlReader reader, string message)
        {
            var (line, column) = Position(reader);
            Error(line, column, message);
        }

        // Every refusal of an XML manifest has a place: the reader reports line 0 before it has read anything.
        private void Error(int line, int column, string message) =>
            _errors.Add(new ManifestError(Math.Max(line, 1), Math.Max(column, 1), message));
    }

    private sealed class TextManifestParser(ManifestReaderOptions options, int lineOffset)
    {
        private readonly ManifestErrorList _errors = new(options.MaxErrors);
        private readonly ImmutableArray<ChecksumEntry>.Builder _entries = ImmutableArray.CreateBuilder<ChecksumEntry>();
        private ManifestFormat? _format;

        public ManifestReadResult Parse(TextReader reader)
        {
            var lineNumber = lineOffset;
            long characters = 0;

            // Lines are parsed where they lie in the buffer, with no string of their own; only a line cut by the end
            // of the buffer is moved to its start (the buffer grows for a line longer than itself).
            var buffer = new char[64 * 1024];
            var kept = 0;
            try
            {
                int read;
                while ((read = reader.Read(buffer, kept, buffer.Length - kept)) > 0)
                {
                    characters += read;
                    if (characters > options.MaxCharacters)
                    {
                        Error(lineNumber + 1, 1, $"The manifest is larger than {options.MaxCharacters:N0} characters, the most a manifest may hold.");
                        throw new StopReading();
                    }

                    var chunk = buffer.AsSpan(0, kept + read);
                    var searched = kept;
                    int newline;
                    while ((newline = chunk[searched..].IndexOf('\n')) >= 0)
                    {
                        ParseLine(++lineNumber, chunk[..(searched + newline)]);
                        chunk = chunk[(searched + newline + 1)..];
                        searched = 0;
                    }

                    kept = chunk.Length;
                    if (kept == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }
                    else
                    {
                        chunk.CopyTo(buffer);
                    }
                }

                if (kept > 0)
                {
                    ParseLine(++lineNumber, buffer.AsSpan(0, kept));
                }
            }
            catch (StopReading)
            {
            }

            // An empty manifest would verify as "all ok" and let every file of the tree through unchecked.
            if (_errors.Count == 0 && _entries.Count == 0)
            {
                _errors.Add(new ManifestError(1, 1, "The manifest lists no files: it has no checksum line, and a manifest must list every file it vouches for."));
            }

            return _errors.Count == 0
                ? new ManifestReadResult(new ChecksumManifest(_format ?? ManifestFormat.GnuText, _entries.ToImmutable()), [])
                : _errors.Result(null, []);
        }

        private void ParseLine(int lineNumber, ReadOnlySpan<char> line)
        {
            if (line.EndsWith("\r"))
            {
                line = line[..^1];
            }

            if (line.IsWhiteSpace() || line[0] == '#')
            {
                return;
            }

            // coreutils prefixes a line with a backslash when the name holds a backslash, a newline or a carriage
            // return, and escapes them; on any other line a backslash is part of the name.
            var escaped = line[0] == '\\';
            var start = escaped ? 1 : 0;
            line = line[start..];

            var hexLength = HexDigest.HexPrefixLength(line);
            if (hexLength > 0 && hexLength < line.Length && line[hexLength] == ' ')
            {
                ParseGnu(lineNumber, start, line, hexLength, escaped);
                return;
            }

            var open = line.IndexOf(" (", StringComparison.Ordinal);
            if (open > 0 && ChecksumAlgorithms.TryParse(line[..open].ToString(), out var algorithm))
            {
                ParseBsd(lineNumber, start, line, open, algorithm, escaped);
                return;
            }

            Error(lineNumber, start + 1, "Expected 'HEX  path', 'HEX *path' or 'SHA256 (path) = HEX'.");
        }

        private void ParseGnu(int lineNumber, int start, ReadOnlySpan<char> line, int hexLength, bool escaped)
        {
            if (!ChecksumAlgorithms.TryFromHexLength(hexLength, out var algorithm))
            {
                Error(lineNumber, start + 1, $"A digest of {hexLength} hexadecimal digits matches no supported algorithm (sha-256, sha-384, sha-512, sha-1, md5).");
                return;
            }

            if (hexLength + 1 >= line.Length || line[hexLength + 1] is not (' ' or '*'))
            {
                Error(lineNumber, start + hexLength + 2, "Expected two spaces (text mode) or a space and '*' (binary mode) after the digest.");
                return;
            }

            Add(lineNumber, start + hexLength + 3, line[(hexLength + 2)..], algorithm, line[..hexLength], escaped, ManifestFormat.GnuText);
        }

        private void ParseBsd(int lineNumber, int start, ReadOnlySpan<char> line, int open, ChecksumAlgorithm algorithm, bool escaped)
        {
            var close = line.LastIndexOf(") = ", StringComparison.Ordinal);
            if (close < open + 2)
            {
                Error(lineNumber, start + open + 1, $"Expected '{line[..open]} (path) = HEX'.");
                return;
            }

            var hex = line[(close + 4)..].Trim();
            if (!HexDigest.IsValid(hex, algorithm))
            {
                Error(lineNumber, start + close + 5, $"The {ChecksumAlgorithms.ToName(algorithm)} digest must be {ChecksumAlgorithms.HashSizeInBytes(algorithm) * 2} hexadecimal digits.");
                return;
            }

            Add(lineNumber, start + open + 3, line[(open + 2)..close], algorithm, hex, escaped, ManifestFormat.BsdText);
        }

        private void Add(int lineNumber, int pathColumn, ReadOnlySpan<char> rawPath, ChecksumAlgorithm algorithm, ReadOnlySpan<char> hex, bool escaped, ManifestFormat format)
        {
            if (rawPath.IsEmpty)
            {
                Error(lineNumber, pathColumn, "The path is empty.");
                return;
            }

            string path;
            if (escaped)
            {
                if (!TryUnescape(rawPath, out path, out var badAt))
                {
                    Error(lineNumber, pathColumn + badAt, "Unknown escape in the path; on a line that starts with '\\' coreutils escapes only '\\\\', '\\n' and '\\r'.");
                    return;
                }
            }
            else
            {
                path = rawPath.ToString();
            }

            if (_errors.Count > 0)
            {
                // The manifest is refused anyway: keep reading for errors only.
                return;
            }

            if (_entries.Count >= options.MaxEntries)
            {
                Error(lineNumber, 1, $"The manifest has more than {options.MaxEntries:N0} entries, the most a manifest may hold.");
                throw new StopReading();
            }

            _format ??= format;
            _entries.Add(new ChecksumEntry(path, algorithm, hex, lineNumber));
        }

        private static bool TryUnescape(ReadOnlySpan<char> raw, out string path, out int badAt)
        {
            var builder = new StringBuilder(raw.Length);
            for (var i = 0; i < raw.Length; i++)
            {
                if (raw[i] != '\\')
                {
                    builder.Append(raw[i]);
                    continue;
                }

                var next = i + 1 < raw.Length ? raw[i + 1] : '\0';
                switch (next)
                {
                    case '\\': builder.Append('\\'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    default:
                        path = "";
                        badAt = i;
                        return false;
                }

                i++;
            }

            path = builder.ToString();
            badAt = 0;
            return true;
        }

        private void Error(int line, int column, string message) => _errors.Add(new ManifestError(line, column, message));
    }

    private sealed class StopReading : Exception;
}
