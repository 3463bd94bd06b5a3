using SwRel.Metadata.Checksums;

namespace SwRel.Fuzz;

/// <summary>The checksum manifest reader: Metalink 4, GNU coreutils and BSD tagged text, told apart by the reader itself.</summary>
/// <remarks>
/// <see cref="ChecksumManifestReader"/> says errors never throw (only a stream that cannot be read does): every problem comes
/// back in <see cref="ManifestReadResult.Errors"/>. So nothing is caught.
/// </remarks>
public sealed class ChecksumManifestTarget : FuzzTarget
{
    // Small limits reach the code that stops reading: too many entries, too many errors, too many characters.
    private static readonly ManifestReaderOptions s_tight = new()
    {
        MaxCharacters = 4 * 1024,
        MaxEntries = 3,
        MaxErrors = 3,
    };

    private static readonly ManifestReaderOptions s_default = new();

    /// <inheritdoc />
    public override string Name => "manifest";

    /// <inheritdoc />
    public override string Description => "checksum manifests: Metalink 4, GNU and BSD coreutils text (ChecksumManifestReader.Read)";

    /// <inheritdoc />
    public override void Run(ReadOnlySpan<byte> input)
    {
        var bytes = input.ToArray();
        foreach (var options in (ReadOnlySpan<ManifestReaderOptions>)[s_default, s_tight])
        {
            using var stream = new MemoryStream(bytes, writable: false);
            CheckResult(ChecksumManifestReader.Read(stream, options), options);
        }
    }

    private void CheckResult(ManifestReadResult result, ManifestReaderOptions options)
    {
        Check(!result.Errors.IsDefault, "Errors is never a default array.");
        Check(result.Manifest is null != result.Errors.IsEmpty, "a manifest comes back exactly when there is no error.");
        Check(result.Errors.Length <= options.MaxErrors, $"at most {options.MaxErrors} errors are reported, not {result.Errors.Length}.");
        foreach (var error in result.Errors)
        {
            Check(error.Line >= 0 && error.Column >= 0, $"every error has a line and column of 0 or more, not {error.Line}:{error.Column} ({error.Message}).");
            Check(!string.IsNullOrWhiteSpace(error.Message), $"every error at {error.Line}:{error.Column} has a message.");
        }

        if (result.Manifest is not { } manifest)
        {
            return;
        }

        Check(Enum.IsDefined(manifest.Format), $"the manifest has a known format, not {manifest.Format}.");
        Check(!manifest.Entries.IsDefault, "Entries is never a default array.");
        Check(!manifest.Entries.IsEmpty, "a manifest that reads without error lists at least one file (an empty one would vouch for nothing).");
        Check(manifest.Entries.Length <= options.MaxEntries, $"at most {options.MaxEntries} entries are read, not {manifest.Entries.Length}.");
        foreach (var entry in manifest.Entries)
        {
            Check(!string.IsNullOrEmpty(entry.Path), $"every entry has a path (line {entry.Line}).");
            Check(entry.Line >= 1, $"every entry read from a manifest has its line, not {entry.Line} ('{entry.Path}').");
            Check(entry.Size is null or >= 0, $"no entry has a negative size ('{entry.Path}').");
            Check(entry.Hashes.Count >= 1, $"every entry has a hash ('{entry.Path}').");
            foreach (var (algorithm, hex) in entry.Hashes)
            {
                Check(
                    hex.Length == ChecksumAlgorithms.HashSizeInBytes(algorithm) * 2 && hex.All(char.IsAsciiHexDigitLower),
                    $"every hash is lower-case hexadecimal of its algorithm's length ('{entry.Path}', {ChecksumAlgorithms.ToName(algorithm)}).");
            }
        }
    }
}
