using System.Collections.Immutable;

namespace SwRel.Metadata.Checksums;

/// <summary>
/// The errors of one manifest: the first <c>max</c> are kept, the rest only counted, so that a hostile file cannot
/// make millions of them; the result then ends with how many more there were.
/// </summary>
internal sealed class ManifestErrorList(int max)
{
    private readonly ImmutableArray<ManifestError>.Builder _kept = ImmutableArray.CreateBuilder<ManifestError>();
    private long _omitted;

    /// <summary>Gets how many errors were found, kept or not.</summary>
    public long Count => _kept.Count + _omitted;

    public void Add(ManifestError error)
    {
        if (_kept.Count < max)
        {
            _kept.Add(error);
        }
        else
        {
            _omitted++;
        }
    }

    public ManifestReadResult Result(ChecksumManifest? manifest, ImmutableArray<ManifestError> warnings)
    {
        if (_omitted > 0)
        {
            _kept.Add(new ManifestError(0, 0, $"and {_omitted:N0} more errors."));
            _omitted = 0;
        }

        return new ManifestReadResult(manifest, _kept.ToImmutable()) { Warnings = warnings };
    }
}
