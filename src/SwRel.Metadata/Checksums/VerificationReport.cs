using System.Collections.Immutable;

namespace SwRel.Metadata.Checksums;

/// <summary>The outcome of verifying a tree against a manifest.</summary>
/// <remarks>
/// Either the manifest was refused (<see cref="Refused"/> names every offending entry and no file was opened), or
/// <see cref="Entries"/> holds one result per manifest entry in manifest order, then the extra files sorted by path.
/// Immutable.
/// </remarks>
public sealed record VerificationReport
{
    /// <summary>Gets the root the manifest was checked against (full path).</summary>
    public required string Root { get; init; }

    /// <summary>Gets the results, one per entry, then the extras; empty when the manifest was refused.</summary>
    public required ImmutableArray<EntryResult> Entries { get; init; }

    /// <summary>Gets the entries that caused the manifest to be refused before any file was opened; empty otherwise.</summary>
    public ImmutableArray<ManifestEntryProblem> Refused { get; init; } = [];

    /// <summary>Gets the number of bytes hashed.</summary>
    public long BytesHashed { get; init; }

    /// <summary>Gets the time the verification took (measured through the verifier's <see cref="TimeProvider"/>).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Gets whether the manifest was refused.</summary>
    public bool IsRefused => !Refused.IsEmpty;

    /// <summary>Gets whether the manifest was accepted and every result is <see cref="EntryStatus.Ok"/>.</summary>
    public bool AllOk
    {
        get
        {
            if (IsRefused)
            {
                return false;
            }

            foreach (var entry in Entries)
            {
                if (entry.Status != EntryStatus.Ok)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Counts the results with a status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>How many results have it.</returns>
    public int Count(EntryStatus status)
    {
        var count = 0;
        foreach (var entry in Entries)
        {
            if (entry.Status == status)
            {
                count++;
            }
        }

        return count;
    }
}
