using System.Buffers;
using System.Text;
using System.Xml;

namespace SwRel.Metadata.Releases;

/// <summary>
/// Reads and validates a <c>release.xml</c> in either dialect (SPEC §8) into one <see cref="ReleaseDescriptor"/>.
/// </summary>
/// <remarks>
/// <para>The dialect is detected from the root element: <c>&lt;Release&gt;</c> is NRMS 2010, validated against the
/// embedded reconciled DTD; <c>release:release</c> is repo.egi.eu 0.2, validated against the embedded XSDs. Every
/// problem is reported with its line and column; the checks beyond the schema are listed on
/// <see cref="ReleaseReaderOptions.CheckContent"/>.</para>
/// <para>Secure by construction: nothing a document names is ever resolved or fetched (no resolver at all); a document's
/// own DOCTYPE is never processed (an external identifier is ignored with a warning, an internal subset is an error), so
/// it cannot declare entities; size, nesting depth, value length, entity expansion and the number of errors are bounded
/// by <see cref="ReleaseReaderOptions"/>.</para>
/// <para>Thread safety: every method is safe to call concurrently; the compiled schemas and the set of known element,
/// attribute and namespace names are shared read-only, and each document's reader writes only to a name table of its own.</para>
/// </remarks>
public static class ReleaseDescriptorReader
{
    private const int InitialBufferSize = 16 * 1024;

    /// <summary>Reads a descriptor from a stream (read to its end; not closed).</summary>
    /// <param name="stream">The document's bytes; the encoding comes from a byte order mark or the XML declaration, else UTF-8.</param>
    /// <param name="options">Limits; <see cref="ReleaseReaderOptions.Default"/> when <see langword="null"/>.</param>
    /// <returns>The descriptor when valid, and every error and warning.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static ReleaseReadResult Read(Stream stream, ReleaseReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options = Checked(options);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialSize(stream, options));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, length);
                }

                var read = stream.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    return ParseBytes(buffer, length, options);
                }

                length += read;
                if (length > options.MaxDocumentBytes)
                {
                    return TooLarge(options);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads a descriptor from a stream, reading the stream asynchronously (parsing itself is synchronous and in memory).</summary>
    /// <param name="stream">The document's bytes.</param>
    /// <param name="options">Limits; <see cref="ReleaseReaderOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels reading the stream.</param>
    /// <returns>The descriptor when valid, and every error and warning.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static async Task<ReleaseReadResult> ReadAsync(Stream stream, ReleaseReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options = Checked(options);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialSize(stream, options));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, length);
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return ParseBytes(buffer, length, options);
                }

                length += read;
                if (length > options.MaxDocumentBytes)
                {
                    return TooLarge(options);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads a descriptor from a file.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="options">Limits; <see cref="ReleaseReaderOptions.Default"/> when <see langword="null"/>.</param>
    /// <returns>The descriptor when valid, and every error and warning.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="IOException">The file cannot be opened or read (for example <see cref="FileNotFoundException"/>), or it is
    /// not a regular file (a folder, FIFO, socket or device is refused by name without being read).</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <remarks>At most <see cref="ReleaseReaderOptions.MaxDocumentBytes"/> are read; a larger file is an error in the result.</remarks>
    public static ReleaseReadResult ReadFile(string path, ReleaseReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options = Checked(options);

        // Only a regular file is opened: a FIFO would block for ever and a device such as /dev/zero never ends.
        using var stream = new FileStream(SwRel.IO.RegularFile.OpenHandle(path), FileAccess.Read, bufferSize: 1);
        return Read(stream, options);
    }

    /// <summary>Reads a descriptor from a file asynchronously.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="options">Limits; <see cref="ReleaseReaderOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels reading the file.</param>
    /// <returns>The descriptor when valid, and every error and warning.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="IOException">The file cannot be opened or read, or it is not a regular file (refused by name without being read).</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static async Task<ReleaseReadResult> ReadFileAsync(string path, ReleaseReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options = Checked(options);
        var stream = new FileStream(SwRel.IO.RegularFile.OpenHandle(path), FileAccess.Read, bufferSize: 1);
        await using (stream.ConfigureAwait(false))
        {
            return await ReadAsync(stream, options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a descriptor from XML text (any encoding named in its XML declaration is ignored: the text is already decoded).</summary>
    /// <param name="xml">The document.</param>
    /// <param name="options">Limits (<see cref="ReleaseReaderOptions.MaxDocumentBytes"/> counts characters here).</param>
    /// <returns>The descriptor when valid, and every error and warning.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="xml"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static ReleaseReadResult Parse(string xml, ReleaseReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        options = Checked(options);
        return xml.Length > options.MaxDocumentBytes ? TooLarge(options) : ParseChars(xml, options);
    }

    private static ReleaseReaderOptions Checked(ReleaseReaderOptions? options)
    {
        options ??= ReleaseReaderOptions.Default;
        options.Validate();
        return options;
    }

    private static int InitialSize(Stream stream, ReleaseReaderOptions options)
    {
        long size = InitialBufferSize;
        if (stream.CanSeek)
        {
            try
            {
                size = stream.Length - stream.Position + 1;
            }
            catch (NotSupportedException)
            {
            }
        }

        return (int)Math.Clamp(size, 256, Math.Min(options.MaxDocumentBytes + 1, Array.MaxLength));
    }

    private static byte[] Grow(byte[] buffer, int length)
    {
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    private static ReleaseReadResult TooLarge(ReleaseReaderOptions options) =>
        new(null, null, [new ReleaseMetadataError(0, 0, $"The document is larger than the {options.MaxDocumentBytes:N0}-byte limit; a release descriptor is normally a few kilobytes.")]);

    private static ReleaseReadResult ParseBytes(byte[] buffer, int length, ReleaseReaderOptions options)
    {
        var bytes = buffer.AsSpan(0, length);
        if (Utf16(bytes) is { } utf16)
        {
            string text;
            try
            {
                text = utf16.GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                return new(null, null, [new ReleaseMetadataError(0, 0, $"The document is not valid UTF-16 (at byte {e.Index}).")]);
            }

            return ParseChars(text, options);
        }

        var prolog = XmlProlog.Scan<byte>(bytes);
        if (!prolog.Found)
        {
            return Unrecognised(new MemoryStream(buffer, 0, length, writable: false), options);
        }

        var errors = new List<ReleaseMetadataError>();
        if (!Dialect(prolog, XmlProlog.Position<byte>(bytes, prolog.RootStart), errors, out var dialect))
        {
            return new(null, null, errors);
        }

        if (prolog.HasDoctype)
        {
            ReportDoctype(prolog, dialect, errors);
            prolog.Blank<byte>(bytes);
        }

        if (dialect == ReleaseDialect.RepoEgi02)
        {
            using var stream = new MemoryStream(buffer, 0, length, writable: false);
            return Validate(stream, null, dialect, options, errors, default);
        }

        // The DTD goes in as an internal subset on the root's line (the only way System.Xml validates against a DTD).
        var doctype = ReleaseSchemas.Nrms2010Doctype;
        var withDtd = ArrayPool<byte>.Shared.Rent(length + doctype.Length);
        try
        {
            bytes[..prolog.RootStart].CopyTo(withDtd);
            var inserted = Encoding.ASCII.GetBytes(doctype, withDtd.AsSpan(prolog.RootStart));
            bytes[prolog.RootStart..].CopyTo(withDtd.AsSpan(prolog.RootStart + inserted));
            var (line, column) = XmlProlog.Position<byte>(bytes, prolog.RootStart);
            using var stream = new MemoryStream(withDtd, 0, length + inserted, writable: false);
            return Validate(stream, null, dialect, options, errors, new Insertion(line, column, inserted));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(withDtd);
        }
    }

    private static ReleaseReadResult ParseChars(string xml, ReleaseReaderOptions options)
    {
        if (xml.StartsWith('\uFEFF'))
        {
            xml = xml[1..];
        }

        var prolog = XmlProlog.Scan(xml.AsSpan());
        if (!prolog.Found)
        {
            return Unrecognised(new StringReader(xml), options);
        }

        var errors = new List<ReleaseMetadataError>();
        if (!Dialect(prolog, XmlProlog.Position(xml.AsSpan(), prolog.RootStart), errors, out var dialect))
        {
            return new(null, null, errors);
        }

        if (prolog.HasDoctype)
        {
            ReportDoctype(prolog, dialect, errors);
            xml = string.Create(xml.Length, (xml, prolog), static (span, state) =>
            {
                state.xml.AsSpan().CopyTo(span);
                state.prolog.Blank(span);
            });
        }

        if (dialect == ReleaseDialect.RepoEgi02)
        {
            return Validate(null, new StringReader(xml), dialect, options, errors, default);
        }

        var (line, column) = XmlProlog.Position(xml.AsSpan(), prolog.RootStart);
        var doctype = ReleaseSchemas.Nrms2010Doctype;
        var withDtd = string.Concat(xml.AsSpan(0, prolog.RootStart), doctype, xml.AsSpan(prolog.RootStart));
        return Validate(null, new StringReader(withDtd), dialect, options, errors, new Insertion(line, column, doctype.Length));
    }

    private static Encoding? Utf16(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 2)
        {
            return null;
        }

        return (bytes[0], bytes[1]) switch
        {
            (0xFF, 0xFE) or (0x3C, 0x00) => new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true),
            (0xFE, 0xFF) or (0x00, 0x3C) => new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true),
            _ => null,
        };
    }

    private static bool Dialect(XmlProlog prolog, (int Line, int Column) rootAt, List<ReleaseMetadataError> errors, out ReleaseDialect dialect)
    {
        switch (prolog.RootLocalName)
        {
            case "Release" when !prolog.RootQualifiedName.Contains(':', StringComparison.Ordinal):
                dialect = ReleaseDialect.Nrms2010;
                return true;
            case "release":
                dialect = ReleaseDialect.RepoEgi02;
                return true;
            default:
                dialect = default;
                errors.Add(new ReleaseMetadataError(
                    rootAt.Line,
                    rootAt.Column,
                    $"The root element is '{prolog.RootQualifiedName}'; a release descriptor's root is <Release> (NRMS 2010) or <release:release> (repo.egi.eu 0.2)."));
                return false;
        }
    }

    private static void ReportDoctype(XmlProlog prolog, ReleaseDialect dialect, List<ReleaseMetadataError> errors)
    {
        if (prolog.DoctypeHasInternalSubset)
        {
            errors.Add(new ReleaseMetadataError(
                prolog.DoctypeLine,
                prolog.DoctypeColumn,
                "The DOCTYPE has an internal subset ([...]); declarations in a document are refused and never processed (entities included)."));
        }
        else
        {
            var applies = dialect == ReleaseDialect.Nrms2010 ? "the embedded NRMS 2010 DTD applies" : "repo.egi.eu 0.2 is validated by its XSDs";
            errors.Add(new ReleaseMetadataError(
                prolog.DoctypeLine,
                prolog.DoctypeColumn,
                $"The DOCTYPE is ignored and nothing it names is fetched; {applies}.",
                ReleaseMetadataSeverity.Warning));
        }
    }

    private static XmlReaderSettings Settings(ReleaseDialect dialect, ReleaseReaderOptions options)
    {
        var settings = new XmlReaderSettings
        {
            XmlResolver = null,
            DtdProcessing = dialect == ReleaseDialect.Nrms2010 ? DtdProcessing.Parse : DtdProcessing.Prohibit,
            ValidationType = dialect == ReleaseDialect.Nrms2010 ? ValidationType.DTD : ValidationType.None,
            MaxCharactersFromEntities = options.MaxCharactersFromEntities,
            MaxCharactersInDocument = options.MaxDocumentBytes,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CheckCharacters = true,
            CloseInput = false,
        };
        return settings;
    }

    private static ReleaseReadResult Validate(Stream? stream, TextReader? text, ReleaseDialect dialect, ReleaseReaderOptions options, List<ReleaseMetadataError> errors, Insertion insertion)
    {
        var parser = new ReleaseXmlParser(dialect, options, errors, insertion);
        var settings = Settings(dialect, options);
        settings.MaxCharactersInDocument += insertion.Length;
        if (dialect == ReleaseDialect.RepoEgi02)
        {
            // The known names come from a shared read-only set; only this document's other names go into its own table.
            settings.NameTable = new DocumentNameTable(ReleaseSchemas.Names);
        }

        if (dialect == ReleaseDialect.Nrms2010)
        {
            settings.ValidationEventHandler += parser.OnValidation;
        }

        ReleaseDescriptor? descriptor;
        try
        {
            using var reader = stream is not null ? XmlReader.Create(stream, settings) : XmlReader.Create(text!, settings);
            descriptor = parser.Run(reader, dialect == ReleaseDialect.RepoEgi02 ? ReleaseSchemas.RepoEgi02 : null);
        }
        catch (XmlException e)
        {
            parser.AddReported(e.LineNumber, e.LinePosition, ReleaseXmlMessages.Clean(e.Message));
            descriptor = null;
        }

        return new ReleaseReadResult(dialect, descriptor, errors);
    }

    /// <summary>The prolog scan found no root element: let a plain, non-validating reader say where the document breaks.</summary>
    private static ReleaseReadResult Unrecognised(object input, ReleaseReaderOptions options)
    {
        var settings = new XmlReaderSettings
        {
            XmlResolver = null,
            DtdProcessing = DtdProcessing.Prohibit,
            MaxCharactersInDocument = options.MaxDocumentBytes,
            MaxCharactersFromEntities = options.MaxCharactersFromEntities,
        };
        try
        {
            using var reader = input is Stream s ? XmlReader.Create(s, settings) : XmlReader.Create((TextReader)input, settings);
            reader.MoveToContent();
        }
        catch (XmlException e)
        {
            return new(null, null, [new ReleaseMetadataError(e.LineNumber, e.LinePosition, ReleaseXmlMessages.Clean(e.Message))]);
        }
        finally
        {
            (input as IDisposable)?.Dispose();
        }

        return new(null, null, [new ReleaseMetadataError(1, 1, "The document does not start like an XML release descriptor (expected an XML declaration, comments, then the root element).")]);
    }
}
