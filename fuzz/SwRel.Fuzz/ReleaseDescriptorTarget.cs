using SwRel.Metadata.Releases;

namespace SwRel.Fuzz;

/// <summary>The <c>release.xml</c> reader, both dialects, from bytes and from text.</summary>
/// <remarks>
/// <see cref="ReleaseDescriptorReader"/> documents no exception for bad input (only for a null argument, a bad option or a
/// stream that cannot be read): every problem comes back in <see cref="ReleaseReadResult.Errors"/>. So nothing is caught.
/// </remarks>
public sealed class ReleaseDescriptorTarget : FuzzTarget
{
    // Small limits reach the code that stops reading early: too many errors, too deep, too long a value, too large a document.
    private static readonly ReleaseReaderOptions s_tight = new()
    {
        MaxDocumentBytes = 8 * 1024,
        MaxDepth = 4,
        MaxValueLength = 64,
        MaxErrors = 2,
    };

    /// <inheritdoc />
    public override string Name => "release";

    /// <inheritdoc />
    public override string Description => "release.xml in either dialect (ReleaseDescriptorReader.Read and Parse)";

    /// <inheritdoc />
    public override void Run(ReadOnlySpan<byte> input)
    {
        var bytes = input.ToArray();
        var text = FuzzInput.Text(input);
        foreach (var options in (ReadOnlySpan<ReleaseReaderOptions>)[ReleaseReaderOptions.Default, s_tight])
        {
            using (var stream = new MemoryStream(bytes, writable: false))
            {
                CheckResult(ReleaseDescriptorReader.Read(stream, options), options);
            }

            CheckResult(ReleaseDescriptorReader.Parse(text, options), options);
        }
    }

    private void CheckResult(ReleaseReadResult result, ReleaseReaderOptions options)
    {
        Check(result.IsValid == result.Descriptor is not null, "a descriptor comes back exactly when the document is valid.");
        Check(!result.IsValid || result.Dialect is not null, "a valid document has a dialect.");

        // The reader stops after MaxErrors and adds one "too many errors" line.
        Check(result.Errors.Count <= options.MaxErrors + 1, $"at most {options.MaxErrors} errors and the line saying it stopped are reported, not {result.Errors.Count}.");
        foreach (var error in result.Errors)
        {
            Check(error.Line >= 0 && error.Column >= 0, $"every error has a line and column of 0 or more, not {error.Line}:{error.Column} ({error.Message}).");
            Check(!string.IsNullOrWhiteSpace(error.Message), $"every error at {error.Line}:{error.Column} has a message.");
            Check(Enum.IsDefined(error.Severity), $"every error has a known severity, not {error.Severity}.");
        }

        if (result.IsValid && ReferenceEquals(options, ReleaseReaderOptions.Default))
        {
            CheckRoundTrip(result.Descriptor, result.Dialect!.Value);
        }
    }

    // What the reader accepts, the writer writes and the reader reads back as the same descriptor.
    private void CheckRoundTrip(ReleaseDescriptor descriptor, ReleaseDialect dialect)
    {
        var written = ReleaseDescriptorWriter.WriteToString(descriptor, dialect);
        var reread = ReleaseDescriptorReader.Parse(written);
        Check(reread.IsValid, $"a valid descriptor, written again, reads back valid; errors: {string.Join("; ", reread.Errors)}");
        Check(reread.Dialect == dialect, $"a descriptor written in {dialect} reads back in {dialect}, not {reread.Dialect}.");
        Check(descriptor.Equals(reread.Descriptor), "a valid descriptor, written again, reads back equal.");
    }
}
