namespace SwRel.Domain.Metrics;

/// <summary>Every SPEC §7 metric over a range of months.</summary>
/// <remarks>
/// <see cref="Months"/> has one row for every month from <see cref="From"/> to <see cref="To"/>, including months
/// with nothing in them, so that series have no gaps. All lists are sorted (months ascending, then NGI, team or
/// ticket) and read-only. Immutable.
/// </remarks>
public sealed class ReleaseMetricsReport
{
    internal ReleaseMetricsReport(
        UtcMonth? from,
        UtcMonth? to,
        IReadOnlyList<MonthlyReleaseMetrics> months,
        IReadOnlyList<ReleaseMetrics> releases,
        IReadOnlyList<TeamMonthlyParticipation> teams,
        IReadOnlyList<NgiMonthlyParticipation> ngis)
    {
        From = from;
        To = to;
        Months = months;
        Releases = releases;
        Teams = teams;
        Ngis = ngis;
    }

    /// <summary>Gets the first month covered, or <see langword="null"/> when there was no data and no range was given.</summary>
    public UtcMonth? From { get; }

    /// <summary>Gets the last month covered, or <see langword="null"/> when there was no data and no range was given.</summary>
    public UtcMonth? To { get; }

    /// <summary>Gets M.REPO-1..3, M.SA1.3-2..5 for every month in the range.</summary>
    public IReadOnlyList<MonthlyReleaseMetrics> Months { get; }

    /// <summary>Gets M.SA1.3-1, -4 and -5 for every release with a state entry, a StageRolloutReport time or an EA report in the range.</summary>
    public IReadOnlyList<ReleaseMetrics> Releases { get; }

    /// <summary>Gets M.SA1.3-6: one row per team and month in the range in which the team reported.</summary>
    public IReadOnlyList<TeamMonthlyParticipation> Teams { get; }

    /// <summary>Gets M.SA1.3-7: one row per NGI and month in the range in which its teams reported.</summary>
    public IReadOnlyList<NgiMonthlyParticipation> Ngis { get; }
}
