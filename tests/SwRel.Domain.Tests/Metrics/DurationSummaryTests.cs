using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SwRel.Domain.Metrics;

namespace SwRel.Domain.Tests.Metrics;

/// <summary>
/// The percentile definition: nearest rank. With N values sorted ascending, the P-th percentile is the value
/// at 1-based rank ceil(P/100 x N); the median is the 50th percentile by the same rule.
/// </summary>
public sealed class DurationSummaryTests
{
    // N = 10 (1..10 hours): median rank ceil(0.5 x 10) = 5 -> 5h; p90 rank ceil(0.9 x 10) = 9 -> 9h.
    // N = 4 (1..4 hours): median rank ceil(2) = 2 -> 2h (the lower middle, not 2.5h); p90 rank ceil(3.6) = 4 -> 4h.
    // N = 3 (10, 20, 30): median rank ceil(1.5) = 2 -> 20; p90 rank ceil(2.7) = 3 -> 30.
    // N = 1: both are the value itself.
    // N = 11 (1..11): median rank ceil(5.5) = 6 -> 6h; p90 rank ceil(9.9) = 10 -> 10h.
    [Theory]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 5, 9)]
    [InlineData(new[] { 4, 2, 3, 1 }, 2, 4)]
    [InlineData(new[] { 30, 10, 20 }, 20, 30)]
    [InlineData(new[] { 7 }, 7, 7)]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, 6, 10)]
    [InlineData(new[] { -5, 5 }, -5, 5)]
    public void Median_and_90th_percentile_are_by_nearest_rank(int[] hours, int median, int p90)
    {
        var summary = DurationSummary.Of(hours.Select(h => TimeSpan.FromHours(h)));

        Assert.Equal(hours.Length, summary.Count);
        Assert.Equal(TimeSpan.FromHours(median), summary.Median);
        Assert.Equal(TimeSpan.FromHours(p90), summary.Percentile90);
    }

    [Fact]
    public void No_durations_have_no_median()
    {
        var summary = DurationSummary.Of([]);

        Assert.Equal(0, summary.Count);
        Assert.Null(summary.Median);
        Assert.Null(summary.Percentile90);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void A_percentile_outside_1_to_100_is_refused(int percent) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DurationSummary.NearestRank([TimeSpan.Zero], percent));

    [Fact]
    public void A_percentile_of_nothing_is_refused() =>
        Assert.Throws<ArgumentException>(() => DurationSummary.NearestRank([], 50));

    private static Arbitrary<TimeSpan[]> Durations() =>
        Gen.Choose(-1000, 100000).Select(m => TimeSpan.FromMinutes(m)).NonEmptyListOf().Select(l => l.ToArray()).ToArbitrary();

    // The definition, checked against a direct reading of it: at least P% of the values are <= the result,
    // and it is the smallest value for which that holds.
    [Property]
    public Property The_nearest_rank_percentile_is_the_smallest_value_covering_P_percent() =>
        Prop.ForAll(Durations(), Gen.Choose(1, 100).ToArbitrary(), (values, percent) =>
        {
            var sorted = values.Order().ToArray();
            var result = DurationSummary.NearestRank(sorted, percent);
            bool Covers(TimeSpan v) => sorted.Count(x => x <= v) * 100 >= percent * sorted.Length;
            return sorted.Contains(result) && Covers(result) && !sorted.Where(v => v < result).Any(Covers);
        });

    [Property]
    public Property The_90th_percentile_is_never_below_the_median() =>
        Prop.ForAll(Durations(), values =>
        {
            var summary = DurationSummary.Of(values);
            return summary.Percentile90 >= summary.Median && summary.Median >= values.Min() && summary.Percentile90 <= values.Max();
        });
}
