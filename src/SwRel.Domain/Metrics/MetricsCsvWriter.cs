using System.Globalization;
using SwRel.Domain.Text;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Metrics;

/// <summary>Writes the metrics CSV files: the two input formats <see cref="MetricsCsvReader"/> reads, and the monthly table.</summary>
/// <remarks>
/// RFC 4180 with CRLF record ends and a header row. Timestamps are written in UTC as ISO 8601 with <c>Z</c> and full
/// precision, so reading back what was written gives the same values. Stateless and thread-safe.
/// </remarks>
public static class MetricsCsvWriter
{
    /// <summary>Gets the header of the monthly table <see cref="WriteMonths"/> writes.</summary>
    /// <remarks>Durations are in seconds (up to three decimals), and empty when the month has none.</remarks>
    public static IReadOnlyList<string> MonthsHeader { get; } =
    [
        "month",
        MetricIds.Repo1,
        MetricIds.Repo2,
        MetricIds.Repo3,
        MetricIds.Sa13_2,
        MetricIds.Sa13_3,
        MetricIds.Sa13_4 + " count",
        MetricIds.Sa13_4 + " median_seconds",
        MetricIds.Sa13_4 + " p90_seconds",
        MetricIds.Sa13_5 + " count",
        MetricIds.Sa13_5 + " median_seconds",
        MetricIds.Sa13_5 + " p90_seconds",
    ];

    /// <summary>Writes histories in the format <see cref="MetricsCsvReader.ReadHistories(TextReader, string)"/> reads.</summary>
    /// <param name="histories">The histories.</param>
    /// <param name="writer">Where to write.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void WriteHistories(IEnumerable<TicketHistory> histories, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentNullException.ThrowIfNull(writer);
        Rfc4180.WriteRecord(writer, ["ticket", "event", "at_utc", "actor"]);
        foreach (var history in histories)
        {
            foreach (var entry in history.Entries)
            {
                Rfc4180.WriteRecord(writer, [history.Ticket, entry.State.ToName(), UtcTimestamp.FormatTrimmed(entry.EnteredAtUtc), entry.Actor]);
            }

            if (history.StageRolloutReportSetAtUtc is { } set)
            {
                Rfc4180.WriteRecord(writer, [history.Ticket, MetricsCsvReader.StageRolloutReportEvent, UtcTimestamp.FormatTrimmed(set), ""]);
            }
        }
    }

    /// <summary>Writes early-adopter reports in the format <see cref="MetricsCsvReader.ReadReports(TextReader, string)"/> reads.</summary>
    /// <param name="reports">The reports.</param>
    /// <param name="writer">Where to write.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void WriteReports(IEnumerable<EarlyAdopterReport> reports, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(writer);
        Rfc4180.WriteRecord(writer, ["ticket", "team", "ngi", "outcome", "at"]);
        foreach (var report in reports)
        {
            Rfc4180.WriteRecord(writer, [report.Ticket, report.Team, report.Ngi, report.Outcome.ToString(), UtcTimestamp.FormatTrimmed(report.AtUtc)]);
        }
    }

    /// <summary>Writes the monthly table: <see cref="MonthsHeader"/>, then one row per month of the report.</summary>
    /// <param name="report">The metrics.</param>
    /// <param name="writer">Where to write.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void WriteMonths(ReleaseMetricsReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        Rfc4180.WriteRecord(writer, MonthsHeader);
        foreach (var m in report.Months)
        {
            Rfc4180.WriteRecord(writer,
            [
                m.Month.ToString(),
                Count(m.Delivered),
                Count(m.PassedVerification),
                Count(m.PassedStageRollout),
                Count(m.AcceptedInStageRollout),
                Count(m.RejectedInStageRollout),
                Count(m.StageRolloutToProduction.Count),
                Seconds(m.StageRolloutToProduction.Median),
                Seconds(m.StageRolloutToProduction.Percentile90),
                Count(m.ProductionToStageRolloutReport.Count),
                Seconds(m.ProductionToStageRolloutReport.Median),
                Seconds(m.ProductionToStageRolloutReport.Percentile90),
            ]);
        }
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan? duration) =>
        duration is { } d ? d.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) : "";
}
