using System.Collections.Immutable;

namespace SwRel.Repository.Execution;

/// <summary>What copying one folder into another would do, worked out before anything changes.</summary>
/// <param name="Kind">The verdict.</param>
/// <param name="Files">The files (relative to the source, '/'-separated) to copy when <paramref name="Kind"/> is <see cref="TreeCopyKind.Copy"/>.</param>
/// <param name="DestinationExists">Whether the destination folder exists already (merges only).</param>
/// <param name="Conflicts">The conflicting full paths and why, when <paramref name="Kind"/> is <see cref="TreeCopyKind.Conflict"/>.</param>
internal sealed record TreeCopy(
    TreeCopyKind Kind,
    ImmutableArray<string> Files,
    bool DestinationExists,
    ImmutableArray<(string Path, string Reason)> Conflicts)
{
    /// <summary>Gets how many files of the source were left out of the copy because of an exclusion.</summary>
    public int Excluded { get; init; }
}
