using System.Collections.Immutable;

namespace SwRel.Metadata.Checksums;

/// <summary>
/// A tree cannot be listed in a manifest: it holds files that a manifest cannot list safely (symbolic links, FIFOs,
/// sockets, devices, names with control characters), or no file at all.
/// </summary>
public sealed class ManifestBuildException : Exception
{
    /// <summary>Creates the exception for files that cannot be listed.</summary>
    /// <param name="problems">Every offending file.</param>
    public ManifestBuildException(ImmutableArray<ManifestEntryProblem> problems)
        : base($"{problems.Length} file(s) cannot be listed in a manifest: {string.Join("; ", problems)}")
    {
        Problems = problems;
    }

    /// <summary>Creates the exception for a tree that cannot be listed as a whole (it holds no file).</summary>
    /// <param name="message">Why, naming the folder.</param>
    public ManifestBuildException(string message)
        : base(message)
    {
        Problems = [];
    }

    /// <summary>Gets every offending file; empty when the tree as a whole cannot be listed (see <see cref="Exception.Message"/>).</summary>
    public ImmutableArray<ManifestEntryProblem> Problems { get; }
}
