namespace SwRel.Domain.Metrics;

/// <summary>How many durations a month has, with their median and 90th percentile.</summary>
/// <remarks>
/// Percentiles are by <b>nearest rank</b>: with the <c>N</c> durations sorted ascending, the <c>P</c>-th
/// percentile is the one at 1-based rank <c>ceil(P / 100 × N)</c>. The median is the 50th percentile by the
/// same rule, so for an even count it is the lower of the two middle values, and both figures are always
/// durations that actually occurred. With no durations, <see cref="Median"/> and <see cref="Percentile90"/>
/// are <see langword="null"/>. Immutable.
/// </remarks>
/// <param name="Count">How many durations there are.</param>
/// <param name="Median">The nearest-rank 50th percentile, or <see langword="null"/> when <paramref name="Count"/> is 0.</param>
/// <param name="Percentile90">The nearest-rank 90th percentile, or <see langword="null"/> when <paramref name="Count"/> is 0.</param>
public sealed record DurationSummary(int Count, TimeSpan? Median, TimeSpan? Percentile90)
{
    /// <summary>Gets the summary of no durations.</summary>
    public static DurationSummary Empty { get; } = new(0, null, null);

    /// <summary>Summarises a set of durations.</summary>
    /// <param name="durations">The durations, in any order; negative durations are allowed.</param>
    /// <returns>The count, median and 90th percentile.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="durations"/> is <see langword="null"/>.</exception>
    public static DurationSummary Of(IEnumerable<TimeSpan> durations)
    {
        ArgumentNullException.ThrowIfNull(durations);
        var sorted = durations.ToArray();
        if (sorted.Length == 0)
        {
            return Empty;
        }

        Array.Sort(sorted);
        return new DurationSummary(sorted.Length, NearestRank(sorted, 50), NearestRank(sorted, 90));
    }

    /// <summary>Returns the nearest-rank percentile of durations sorted ascending.</summary>
    /// <param name="sortedAscending">The durations, sorted ascending; at least one.</param>
    /// <param name="percent">The percentile, 1 to 100.</param>
    /// <returns>The duration at 1-based rank <c>ceil(percent / 100 × N)</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="sortedAscending"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percent"/> is not between 1 and 100.</exception>
    public static TimeSpan NearestRank(ReadOnlySpan<TimeSpan> sortedAscending, int percent)
    {
        if (sortedAscending.IsEmpty)
        {
            throw new ArgumentException("A percentile needs at least one value.", nameof(sortedAscending));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);

        // ceil(percent * N / 100) in integers, so that 90% of 10 is exactly rank 9.
        var rank = ((percent * sortedAscending.Length) + 99) / 100;
        return sortedAscending[rank - 1];
    }
}
