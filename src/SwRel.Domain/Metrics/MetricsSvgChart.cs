using System.Globalization;
namespace SwRel.Domain.Metrics;

/// <summary>
/// Draws the monthly series as a self-contained SVG (no scripts, no external resources): grouped bars for the
/// monthly counts, and below them lines for the stage-rollout duration (median and 90th percentile, in days).
/// </summary>
/// <remarks>
/// One drawing for every consumer: <c>swrel metrics --format svg</c> writes it to a file, and the daemon's status page
/// embeds it inline in HTML (an SVG element needs no XML declaration, so none is written). Stateless and thread-safe.
/// </remarks>
public static class MetricsSvgChart
{
    private const double Width = 960;
    private const double Left = 72;
    private const double Right = 28;
    private const double PlotWidth = Width - Left - Right;
    private const string Font = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif";
    private const string Ink = "#222222";
    private const string Grid = "#dddddd";

    private static readonly (string Label, string Color, Func<MonthlyReleaseMetrics, int> Value)[] s_counts =
    [
        ("M.REPO-1 delivered", "#0072B2", m => m.Delivered),
        ("M.REPO-2 passed verification", "#E69F00", m => m.PassedVerification),
        ("M.REPO-3 = M.SA1.3-2 passed stage rollout", "#009E73", m => m.PassedStageRollout),
        ("M.SA1.3-3 rejected in stage rollout", "#D55E00", m => m.RejectedInStageRollout),
    ];

    private static readonly (string Label, string Color, string Dash, Func<MonthlyReleaseMetrics, TimeSpan?> Value)[] s_durations =
    [
        ("M.SA1.3-4 median", "#CC79A7", "", m => m.StageRolloutToProduction.Median),
        ("M.SA1.3-4 90th percentile", "#56B4E9", "7 4", m => m.StageRolloutToProduction.Percentile90),
    ];

    /// <summary>Writes the chart of a report.</summary>
    /// <param name="report">The metrics, as <see cref="ReleaseMetricsCalculator.Compute"/> returns them; a report with no months draws a small card that says so.</param>
    /// <param name="output">Where the SVG goes; its <see cref="TextWriter.NewLine"/> ends each line.</param>
    /// <exception cref="ArgumentNullException"><paramref name="report"/> or <paramref name="output"/> is <see langword="null"/>.</exception>
    public static void Write(ReleaseMetricsReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var months = report.Months;
        var labelEvery = Math.Max(1, (int)Math.Ceiling(months.Count / 24.0));
        var rotate = months.Count > 12;
        var labelSpace = rotate ? 62.0 : 26.0;

        // Each panel: its title, a legend row, then the plot.
        const double countsTop = 142;
        const double countsHeight = 250;
        var durationsTop = countsTop + countsHeight + labelSpace + 84;
        const double durationsHeight = 170;
        var height = durationsTop + durationsHeight + labelSpace + 24;

        var title = report.From is { } from && report.To is { } to
            ? (from == to ? $"Release metrics for UTC month {from}" : $"Release metrics by UTC month, {from} to {to}")
            : "Release metrics: no data";
        if (months.Count == 0)
        {
            // Nothing to plot: a small card that says so, rather than two empty panels.
            height = 120;
        }

        output.WriteLine($"""<svg xmlns="http://www.w3.org/2000/svg" width="{N(Width)}" height="{N(height)}" viewBox="0 0 {N(Width)} {N(height)}" font-family="{Font}" fill="{Ink}">""");
        output.WriteLine($"  <title>{Escape(title)}</title>");
        output.WriteLine("  <desc>Monthly counts of releases delivered (M.REPO-1), passed verification (M.REPO-2), passed stage rollout (M.REPO-3, M.SA1.3-2) and rejected in stage rollout (M.SA1.3-3); and the time from the last StageRollout entry to Production (M.SA1.3-4), median and 90th percentile by nearest rank, in days.</desc>");
        output.WriteLine($"""  <rect width="{N(Width)}" height="{N(height)}" fill="#ffffff"/>""");
        output.WriteLine($"""  <text x="{N(Width / 2)}" y="32" font-size="20" font-weight="bold" text-anchor="middle">{Escape(title)}</text>""");

        if (months.Count == 0)
        {
            output.WriteLine($"""  <text x="{N(Width / 2)}" y="80" font-size="15" text-anchor="middle">The ticket histories and early-adopter reports hold no data to plot.</text>""");
            output.WriteLine("</svg>");
            return;
        }

        PanelTitle(output, countsTop - 72, "Releases per month");
        Legend(output, countsTop - 46, s_counts.Select(s => (s.Label, s.Color, "bar", "")).ToArray());

        var band = PlotWidth / months.Count;
        double Center(int i) => Left + (band * (i + 0.5));

        // Counts panel.
        var maxCount = months.Max(m => s_counts.Max(s => s.Value(m)));
        var (countMax, countStep) = NiceScale(maxCount, integer: true);
        YAxis(output, countsTop, countsHeight, countMax, countStep, v => N(v), "releases");

        // Bars are at most 36 px wide so that a short range does not draw slabs.
        var barWidth = Math.Min(band * 0.8 / s_counts.Length, 36);
        var groupWidth = barWidth * s_counts.Length;
        for (var i = 0; i < months.Count; i++)
        {
            for (var s = 0; s < s_counts.Length; s++)
            {
                var value = s_counts[s].Value(months[i]);
                var barHeight = countsHeight * value / countMax;
                var x = Left + (band * i) + ((band - groupWidth) / 2) + (barWidth * s);
                output.WriteLine($"""  <rect x="{N(x)}" y="{N(countsTop + countsHeight - barHeight)}" width="{N(Math.Max(barWidth - 1, 0.5))}" height="{N(barHeight)}" fill="{s_counts[s].Color}"><title>{months[i].Month}: {Escape(s_counts[s].Label)}: {value}</title></rect>""");
            }
        }

        XAxis(output, countsTop + countsHeight, months, Center, labelEvery, rotate);

        // Durations panel.
        PanelTitle(output, durationsTop - 50, "Days from the last StageRollout entry to Production (by Production month)");
        Legend(output, durationsTop - 26, s_durations.Select(s => (s.Label, s.Color, "line", s.Dash)).ToArray());
        var days = months.SelectMany(m => s_durations.Select(s => s.Value(m))).Where(d => d is not null).Select(d => d!.Value.TotalDays).ToList();
        var (dayMax, dayStep) = NiceScale(days.Count == 0 ? 0 : Math.Max(0, days.Max()), integer: false);
        YAxis(output, durationsTop, durationsHeight, dayMax, dayStep, v => N(v), "days");
        if (days.Count == 0)
        {
            output.WriteLine($"""  <text x="{N(Left + (PlotWidth / 2))}" y="{N(durationsTop + (durationsHeight / 2))}" font-size="14" text-anchor="middle" fill="#666666">No release went from StageRollout to Production in this range.</text>""");
        }

        foreach (var series in s_durations)
        {
            var path = new System.Text.StringBuilder();
            var penDown = false;
            for (var i = 0; i < months.Count; i++)
            {
                if (series.Value(months[i]) is not { } d)
                {
                    penDown = false;
                    continue;
                }

                var y = durationsTop + durationsHeight - (durationsHeight * Math.Max(0, d.TotalDays) / dayMax);
                path.Append(penDown ? " L " : " M ").Append(N(Center(i))).Append(' ').Append(N(y));
                penDown = true;
            }

            if (path.Length > 0)
            {
                var dash = series.Dash.Length > 0 ? $" stroke-dasharray=\"{series.Dash}\"" : "";
                output.WriteLine($"""  <path d="{path.ToString().Trim()}" fill="none" stroke="{series.Color}" stroke-width="2.5"{dash}/>""");
            }

            for (var i = 0; i < months.Count; i++)
            {
                if (series.Value(months[i]) is { } d)
                {
                    var y = durationsTop + durationsHeight - (durationsHeight * Math.Max(0, d.TotalDays) / dayMax);
                    output.WriteLine($"""  <circle cx="{N(Center(i))}" cy="{N(y)}" r="4" fill="{series.Color}"><title>{months[i].Month}: {Escape(series.Label)}: {N(Math.Round(d.TotalDays, 2))} days</title></circle>""");
                }
            }
        }

        XAxis(output, durationsTop + durationsHeight, months, Center, labelEvery, rotate);
        output.WriteLine("</svg>");
    }

    private static void PanelTitle(TextWriter output, double y, string text) =>
        output.WriteLine($"""  <text x="{N(Left)}" y="{N(y)}" font-size="14" font-weight="bold">{Escape(text)}</text>""");

    private static void Legend(TextWriter output, double y, (string Label, string Color, string Kind, string Dash)[] items)
    {
        // Two items to a row, in two equal columns across the plot width.
        for (var i = 0; i < items.Length; i++)
        {
            var (label, color, kind, dash) = items[i];
            var x = Left + ((i % 2) * (PlotWidth / 2));
            var rowY = y + ((i / 2) * 20);
            if (kind == "bar")
            {
                output.WriteLine($"""  <rect x="{N(x)}" y="{N(rowY - 10)}" width="14" height="14" fill="{color}"/>""");
            }
            else
            {
                var dashAttribute = dash.Length > 0 ? $" stroke-dasharray=\"{dash}\"" : "";
                output.WriteLine($"""  <line x1="{N(x - 2)}" y1="{N(rowY - 3)}" x2="{N(x + 18)}" y2="{N(rowY - 3)}" stroke="{color}" stroke-width="2.5"{dashAttribute}/>""");
            }

            output.WriteLine($"""  <text x="{N(x + 24)}" y="{N(rowY + 2)}" font-size="13">{Escape(label)}</text>""");
        }
    }

    private static void YAxis(TextWriter output, double top, double height, double max, double step, Func<double, string> format, string unit)
    {
        for (var v = 0.0; v <= max + (step / 1000); v += step)
        {
            var y = top + height - (height * v / max);
            output.WriteLine($"""  <line x1="{N(Left)}" y1="{N(y)}" x2="{N(Width - Right)}" y2="{N(y)}" stroke="{Grid}" stroke-width="1"/>""");
            output.WriteLine($"""  <text x="{N(Left - 8)}" y="{N(y + 4)}" font-size="12" text-anchor="end">{format(v)}</text>""");
        }

        output.WriteLine($"""  <line x1="{N(Left)}" y1="{N(top)}" x2="{N(Left)}" y2="{N(top + height)}" stroke="{Ink}" stroke-width="1"/>""");
        var mid = top + (height / 2);
        output.WriteLine($"""  <text x="18" y="{N(mid)}" font-size="13" text-anchor="middle" transform="rotate(-90 18 {N(mid)})">{Escape(unit)}</text>""");
    }

    private static void XAxis(TextWriter output, double y, IReadOnlyList<MonthlyReleaseMetrics> months, Func<int, double> center, int every, bool rotate)
    {
        output.WriteLine($"""  <line x1="{N(Left)}" y1="{N(y)}" x2="{N(Width - Right)}" y2="{N(y)}" stroke="{Ink}" stroke-width="1"/>""");
        for (var i = 0; i < months.Count; i += every)
        {
            var x = center(i);
            output.WriteLine($"""  <line x1="{N(x)}" y1="{N(y)}" x2="{N(x)}" y2="{N(y + 5)}" stroke="{Ink}" stroke-width="1"/>""");
            var label = months[i].Month.ToString();
            output.WriteLine(rotate
                ? $"""  <text x="{N(x)}" y="{N(y + 18)}" font-size="12" text-anchor="end" transform="rotate(-45 {N(x)} {N(y + 18)})">{label}</text>"""
                : $"""  <text x="{N(x)}" y="{N(y + 20)}" font-size="12" text-anchor="middle">{label}</text>""");
        }
    }

    /// <summary>Chooses an axis maximum and step of 1, 2 or 5 times a power of ten, giving at most about six gridlines.</summary>
    private static (double Max, double Step) NiceScale(double max, bool integer)
    {
        if (max <= 0)
        {
            return (1, integer ? 1 : 0.5);
        }

        var raw = max / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(f => f * magnitude).First(s => s >= raw);
        if (integer)
        {
            step = Math.Max(1, Math.Ceiling(step));
        }

        return (Math.Ceiling(max / step) * step, step);
    }

    private static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal);
}
