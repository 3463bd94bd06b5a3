using System.Globalization;
using System.Xml.Linq;
using SwRel.Domain.Metrics;

namespace SwRel.Domain.Tests.Metrics;

public sealed class MetricsSvgChartTests
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";

    private static (string Text, XDocument Document) Draw(ReleaseMetricsReport report)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        MetricsSvgChart.Write(report, output);
        var text = output.ToString();
        return (text, XDocument.Parse(text));
    }

    [Fact]
    public void The_chart_is_a_self_contained_svg_with_title_axes_and_legend()
    {
        var report = ReleaseMetricsCalculator.Compute(ReleaseMetricsScenarioTests.Histories, []);

        var (text, svg) = Draw(report);

        Assert.Equal(s_svg + "svg", svg.Root!.Name);
        Assert.Empty(svg.Descendants(s_svg + "script"));
        Assert.DoesNotContain("href", text, StringComparison.Ordinal);
        var texts = svg.Descendants(s_svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("Release metrics by UTC month, 2012-01 to 2012-03", texts);
        Assert.Contains("2012-02", texts);
        Assert.Contains(texts, t => t.StartsWith("M.REPO-1", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("M.SA1.3-4 median", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("M.SA1.3-4 90th percentile", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_month_has_one_bar_per_count_series_titled_with_the_reports_value()
    {
        var report = ReleaseMetricsCalculator.Compute(ReleaseMetricsScenarioTests.Histories, []);

        var (_, svg) = Draw(report);

        var bars = svg.Descendants(s_svg + "rect").Select(r => r.Element(s_svg + "title")?.Value).OfType<string>().ToList();
        Assert.Equal(report.Months.Count * 4, bars.Count);
        foreach (var month in report.Months)
        {
            Assert.Contains($"{month.Month}: M.REPO-1 delivered: {month.Delivered}", bars);
            Assert.Contains($"{month.Month}: M.REPO-2 passed verification: {month.PassedVerification}", bars);
            Assert.Contains($"{month.Month}: M.REPO-3 = M.SA1.3-2 passed stage rollout: {month.PassedStageRollout}", bars);
            Assert.Contains($"{month.Month}: M.SA1.3-3 rejected in stage rollout: {month.RejectedInStageRollout}", bars);
        }
    }

    [Fact]
    public void A_month_with_a_stage_rollout_duration_gets_a_point_on_each_duration_line()
    {
        var report = ReleaseMetricsCalculator.Compute(ReleaseMetricsScenarioTests.Histories, []);
        var withDuration = report.Months.Where(m => m.StageRolloutToProduction.Median is not null).ToList();
        Assert.NotEmpty(withDuration);

        var (_, svg) = Draw(report);

        var points = svg.Descendants(s_svg + "circle").Select(c => c.Element(s_svg + "title")!.Value).ToList();
        Assert.Equal(withDuration.Count * 2, points.Count);
        foreach (var month in withDuration)
        {
            var days = Math.Round(month.StageRolloutToProduction.Median!.Value.TotalDays, 2).ToString("0.##", CultureInfo.InvariantCulture);
            Assert.Contains($"{month.Month}: M.SA1.3-4 median: {days} days", points);
        }
    }

    [Fact]
    public void A_report_without_months_draws_a_card_that_says_there_is_no_data()
    {
        var report = ReleaseMetricsCalculator.Compute([], []);

        var (_, svg) = Draw(report);

        var texts = svg.Descendants(s_svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("Release metrics: no data", texts);
        Assert.Contains(texts, t => t.Contains("no data to plot", StringComparison.Ordinal));
        Assert.Empty(svg.Descendants(s_svg + "circle"));
    }
}
