using System.Collections.Immutable;

namespace SwRel.Metadata.Checksums;

/// <summary>A tree holds files that a manifest cannot list safely (names with control characters, links leading out of the tree).</summary>
public sealed class ManifestBuildException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problems">Every offending file.</param>
    public ManifestBuildException(ImmutableArray<ManifestEntryProblem> problems)
        : base($"{problems.Length} file(s) cannot be listed in a manifest: {string.Join("; ", problems)}")
    {
        Problems = problems;
    }

    /// <summary>Gets every offending file.</summary>
    public ImmutableArray<ManifestEntryProblem> Problems { get; }
}
