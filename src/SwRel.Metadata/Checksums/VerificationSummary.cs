using System.Collections.Immutable;

namespace SwRel.Metadata.Checksums;

/// <summary>
/// The totals of a verification whose results were handed over one by one as they were produced
/// (<see cref="ChecksumVerifier.VerifyStreamingAsync"/>): what a report says, without the results themselves.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed class VerificationSummary
{
    private readonly ImmutableArray<int> _counts;

    internal VerificationSummary(string root, ImmutableArray<ManifestEntryProblem> refused, ImmutableArray<int> counts, long bytesHashed, TimeSpan elapsed)
    {
        Root = root;
        Refused = refused;
        _counts = counts;
        BytesHashed = bytesHashed;
        Elapsed = elapsed;
        foreach (var count in counts)
        {
            Total += count;
        }
    }

    /// <summary>Gets the root the manifest was checked against (full path).</summary>
    public string Root { get; }

    /// <summary>Gets the entries that caused the manifest to be refused before any file was opened; empty otherwise.</summary>
    public ImmutableArray<ManifestEntryProblem> Refused { get; }

    /// <summary>Gets whether the manifest was refused (then no result was handed over).</summary>
    public bool IsRefused => !Refused.IsEmpty;

    /// <summary>Gets how many results were handed over: one per manifest entry, plus the extra files.</summary>
    public int Total { get; }

    /// <summary>Gets the number of bytes hashed.</summary>
    public long BytesHashed { get; }

    /// <summary>Gets the time the verification took (measured through the verifier's <see cref="TimeProvider"/>).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Gets whether the manifest was accepted and every result was <see cref="EntryStatus.Ok"/>.</summary>
    public bool AllOk => !IsRefused && Count(EntryStatus.Ok) == Total;

    /// <summary>Counts the results with a status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>How many results had it.</returns>
    public int Count(EntryStatus status) => (int)status >= 0 && (int)status < _counts.Length ? _counts[(int)status] : 0;
}
