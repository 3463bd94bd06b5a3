using System.Globalization;
using SwRel.Domain.Metrics;

namespace SwRel.Cli.Metrics;

/// <summary>Writes a metrics report as aligned tables: by month, by release, by team and by NGI.</summary>
internal static class MetricsTextView
{
    public static void Write(ReleaseMetricsReport report, TextWriter output)
    {
        if (report.From is not { } from || report.To is not { } to)
        {
            output.WriteLine("No data: the histories and reports are empty.");
            return;
        }

        output.WriteLine(from == to ? $"Release metrics for UTC month {from}" : $"Release metrics by UTC month, {from} to {to}");
        output.WriteLine();
        Table(
            output,
            1,
            ["month", "REPO-1", "REPO-2", "REPO-3", "SA1.3-2", "SA1.3-3", "SA1.3-4 median", "SA1.3-4 p90", "SA1.3-5 median", "SA1.3-5 p90"],
            report.Months.Select(m => new[]
            {
                m.Month.ToString(),
                Count(m.Delivered),
                Count(m.PassedVerification),
                Count(m.PassedStageRollout),
                Count(m.AcceptedInStageRollout),
                Count(m.RejectedInStageRollout),
                DurationText.Human(m.StageRolloutToProduction.Median),
                DurationText.Human(m.StageRolloutToProduction.Percentile90),
                DurationText.Human(m.ProductionToStageRolloutReport.Median),
                DurationText.Human(m.ProductionToStageRolloutReport.Percentile90),
            }));
        output.WriteLine();
        output.WriteLine("REPO-1 delivered, REPO-2 passed verification, REPO-3 = SA1.3-2 passed stage rollout, SA1.3-3 rejected in stage rollout;");
        output.WriteLine("SA1.3-4 last StageRollout entry to Production, SA1.3-5 Production to StageRolloutReport (by Production month; nearest-rank percentiles).");

        output.WriteLine();
        output.WriteLine("Releases (M.SA1.3-1 EA teams, M.SA1.3-4, M.SA1.3-5)");
        output.WriteLine();
        if (report.Releases.Count == 0)
        {
            output.WriteLine("  none");
        }
        else
        {
            Table(
                output,
                1,
                ["ticket", "EA teams", "production (UTC)", "SA1.3-4", "SA1.3-5"],
                report.Releases.Select(r => new[]
                {
                    r.Ticket,
                    Count(r.EarlyAdopterTeams),
                    r.ProductionAtUtc?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-",
                    DurationText.Human(r.StageRolloutToProduction),
                    DurationText.Human(r.ProductionToStageRolloutReport),
                }));
        }

        output.WriteLine();
        output.WriteLine("Early-adopter teams by month (M.SA1.3-6: distinct releases reported on)");
        output.WriteLine();
        if (report.Teams.Count == 0)
        {
            output.WriteLine("  none");
        }
        else
        {
            Table(output, 3, ["month", "NGI", "team", "releases"], report.Teams.Select(t => new[] { t.Month.ToString(), t.Ngi, t.Team, Count(t.Releases) }));
        }

        output.WriteLine();
        output.WriteLine("NGIs by month (M.SA1.3-7: distinct releases their teams reported on)");
        output.WriteLine();
        if (report.Ngis.Count == 0)
        {
            output.WriteLine("  none");
        }
        else
        {
            Table(output, 2, ["month", "NGI", "teams", "releases"], report.Ngis.Select(n => new[] { n.Month.ToString(), n.Ngi, Count(n.Teams), Count(n.Releases) }));
        }
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes rows under a header; the first <paramref name="leftColumns"/> columns are names (left-aligned), the rest figures.</summary>
    private static void Table(TextWriter output, int leftColumns, string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = new int[header.Length];
        foreach (var row in all)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in all)
        {
            var cells = row.Select((cell, i) => i < leftColumns ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]));
            output.WriteLine(("  " + string.Join("  ", cells)).TrimEnd());
        }
    }
}
