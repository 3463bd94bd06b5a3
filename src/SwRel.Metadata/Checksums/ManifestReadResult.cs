using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace SwRel.Metadata.Checksums;

/// <summary>The outcome of reading a manifest: the manifest, or every error found with its location.</summary>
/// <param name="Manifest">The manifest, or <see langword="null"/> when there are errors.</param>
/// <param name="Errors">The errors, in the order found; empty on success.</param>
public sealed record ManifestReadResult(ChecksumManifest? Manifest, ImmutableArray<ManifestError> Errors)
{
    /// <summary>Gets whether the manifest was read without error.</summary>
    [MemberNotNullWhen(true, nameof(Manifest))]
    public bool Succeeded => Manifest is not null && Errors.IsEmpty;

    /// <summary>
    /// Gets what was passed over without refusing the manifest (a broken weaker hash beside a good stronger one), in
    /// the order found; empty when there is nothing to say.
    /// </summary>
    public ImmutableArray<ManifestError> Warnings { get; init; } = [];
}
