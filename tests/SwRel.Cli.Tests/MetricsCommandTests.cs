using System.Text.Json;
using System.Xml.Linq;

namespace SwRel.Cli.Tests;

public sealed class MetricsCommandTests : IDisposable
{
    // Three tickets, worked by hand:
    // 101: Submitted 01-10, InVerification -> StageRollout 01-20 09:00 (M.REPO-2 January),
    //      Production 02-03 09:00 (M.REPO-3 February, 14 days), report set 02-04 09:00 (+1 day).
    // 102: Submitted 01-31 23:59:59 (January), Deferred 02-05 (M.REPO-2 February), StageRollout 02-11,
    //      Production 02-21 (10 days), report 02-20 12:00 (-12 hours).
    // 103: Submitted 2012-03-01T01:00+02:00 = 02-29 23:00Z (February), StageRollout 03-06 (M.REPO-2 March),
    //      Rejected 03-16 (M.SA1.3-3 March).
    // February M.SA1.3-4: [10d, 14d] -> median 10d (864000 s), p90 14d (1209600 s).
    // February M.SA1.3-5: [-12h, +1d] -> median -43200 s, p90 86400 s.
    private const string HistoriesCsv =
        "ticket,event,at_utc,actor\r\n" +
        "101,Submitted,2012-01-10T09:00:00Z,provider\r\n" +
        "101,InVerification,2012-01-12T09:00:00Z,qc\r\n" +
        "101,StageRollout,2012-01-20T09:00:00Z,qc\r\n" +
        "101,Production,2012-02-03T09:00:00Z,sr\r\n" +
        "101,StageRolloutReport,2012-02-04T09:00:00Z,sr\r\n" +
        "102,Submitted,2012-01-31T23:59:59Z,provider\r\n" +
        "102,In verification,2012-02-02T00:00:00Z,qc\r\n" +
        "102,Deferred,2012-02-05T00:00:00Z,repo\r\n" +
        "102,StageRollout,2012-02-11T00:00:00Z,repo\r\n" +
        "102,Accepted,2012-02-21T00:00:00Z,sr\r\n" +
        "102,StageRolloutReport,2012-02-20T12:00:00Z,sr\r\n" +
        "103,Submitted,2012-03-01T01:00:00+02:00,provider\r\n" +
        "103,InVerification,2012-03-02T10:00:00Z,qc\r\n" +
        "103,StageRollout,2012-03-06T10:00:00Z,qc\r\n" +
        "103,Rejected,2012-03-16T10:00:00Z,sr\r\n";

    // 101: teams A and B of NGI_IT (2 teams); 102: A of NGI_IT and C of NGI_DE.
    private const string ReportsCsv =
        "ticket,team,ngi,outcome,at\r\n" +
        "101,TeamA,NGI_IT,Accept,2012-01-25T00:00:00Z\r\n" +
        "101,TeamB,NGI_IT,Reject,2012-01-26T00:00:00Z\r\n" +
        "102,TeamA,NGI_IT,Accept,2012-02-15T00:00:00Z\r\n" +
        "102,TeamC,NGI_DE,Accept,2012-02-16T00:00:00Z\r\n";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "swrel-metrics-" + Guid.NewGuid().ToString("N"));
    private readonly string _histories;
    private readonly string _reports;

    public MetricsCommandTests()
    {
        Directory.CreateDirectory(_folder);
        _histories = Write("histories.csv", HistoriesCsv);
        _reports = Write("reports.csv", ReportsCsv);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private ToolRun Metrics(params string[] extra) =>
        ToolRunner.Run(["metrics", "--histories", _histories, "--reports", _reports, .. extra]);

    [Fact]
    public void Csv_output_is_the_monthly_table_worked_out_by_hand()
    {
        var run = Metrics("--format", "csv");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(
            "month,M.REPO-1,M.REPO-2,M.REPO-3,M.SA1.3-2,M.SA1.3-3,M.SA1.3-4 count,M.SA1.3-4 median_seconds,M.SA1.3-4 p90_seconds,M.SA1.3-5 count,M.SA1.3-5 median_seconds,M.SA1.3-5 p90_seconds\r\n" +
            "2012-01,2,1,0,0,0,0,,,0,,\r\n" +
            "2012-02,1,1,2,2,0,2,864000,1209600,2,-43200,86400\r\n" +
            "2012-03,0,1,0,0,1,0,,,0,,\r\n",
            run.Output);
    }

    [Fact]
    public void Text_output_is_a_table_by_month_with_durations_for_people()
    {
        var run = Metrics();

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("Release metrics by UTC month, 2012-01 to 2012-03", run.Output, StringComparison.Ordinal);
        var february = run.Output.Split('\n').Single(l => l.TrimStart().StartsWith("2012-02 ", StringComparison.Ordinal) && l.Contains("10d", StringComparison.Ordinal));
        Assert.Equal(["2012-02", "1", "1", "2", "2", "0", "10d", "0h", "14d", "0h", "-12h", "0m", "1d", "0h"], february.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("M.SA1.3-6", run.Output, StringComparison.Ordinal);
        Assert.Contains("NGI_DE", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_holds_every_metric_by_its_SPEC_id()
    {
        var run = Metrics("--format", "json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal("2012-01", root.GetProperty("from").GetString());
        var february = root.GetProperty("months")[1];
        Assert.Equal(2, february.GetProperty("M.REPO-3").GetInt32());
        Assert.Equal(864000, february.GetProperty("M.SA1.3-4").GetProperty("median_seconds").GetDouble());
        var release101 = root.GetProperty("releases")[0];
        Assert.Equal("101", release101.GetProperty("ticket").GetString());
        Assert.Equal(2, release101.GetProperty("M.SA1.3-1").GetInt32());
        Assert.Equal(1209600, release101.GetProperty("M.SA1.3-4_seconds").GetDouble());
        Assert.Equal(4, root.GetProperty("teams").GetArrayLength()); // January A, B; February A, C.
        Assert.Equal(3, root.GetProperty("ngis").GetArrayLength());
    }

    // The chart's drawing is tested with MetricsSvgChart in SwRel.Domain.Tests; here, that the command writes it.
    [Fact]
    public void Svg_output_is_the_metrics_chart_of_the_given_histories()
    {
        var run = Metrics("--format", "svg");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var svg = XDocument.Parse(run.Output);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);
        Assert.Contains("Release metrics by UTC month, 2012-01 to 2012-03", svg.Descendants(ns + "text").Select(t => t.Value));
        var bars = svg.Descendants(ns + "rect").Where(r => r.Element(ns + "title") is not null).ToList();
        Assert.Contains(bars, b => b.Element(ns + "title")!.Value == "2012-02: M.REPO-3 = M.SA1.3-2 passed stage rollout: 2");
    }

    // A failure as the workflow writes it (docs/metrics.md, "Failed repository actions"): 301 moved to
    // Production 01-31, the promotion failed, retried 02-02: passes stage rollout in February, 23 days after
    // StageRollout 01-10 (1987200 s). 302 moved to Production 01-25, failed, reverted to StageRollout 01-26,
    // rejected 02-10: rejected in stage rollout in February, never in Production.
    [Fact]
    public void Failed_repository_actions_count_as_the_transition_that_completed()
    {
        var histories = Write("failures.csv",
            "ticket,event,at_utc,actor\n" +
            "301,StageRollout,2012-01-10T09:00:00Z,qc\n" +
            "301,Production,2012-01-31T09:00:00Z,sr\n" +
            "301,Failed,2012-01-31T09:10:00Z,repo\n" +
            "301,Production,2012-02-02T09:00:00Z,admin\n" +
            "302,StageRollout,2012-01-15T00:00:00Z,qc\n" +
            "302,Production,2012-01-25T00:00:00Z,sr\n" +
            "302,Failed,2012-01-25T00:10:00Z,repo\n" +
            "302,StageRollout,2012-01-26T00:00:00Z,admin\n" +
            "302,Rejected,2012-02-10T00:00:00Z,sr\n");

        var run = ToolRunner.Run("metrics", "--histories", histories, "--reports", _reports, "--format", "csv");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var lines = run.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("2012-01,0,0,0,0,0,0,,,0,,", lines[1]);
        Assert.Equal("2012-02,0,0,1,1,1,1,1987200,1987200,0,,", lines[2]);
    }

    [Fact]
    public void From_and_to_narrow_the_months()
    {
        var run = Metrics("--format", "csv", "--from", "2012-02", "--to", "2012-02");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var lines = run.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("2012-02,1,1,2,", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--from", "2012-13")]
    [InlineData("--to", "March")]
    [InlineData("--format", "pdf")]
    public void A_bad_flag_value_is_a_usage_error(string option, string value)
    {
        var run = Metrics(option, value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(value, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    // SPEC §13: "Every command that prints a result takes --format text|json"; the other commands accept
    // the value in any case, and so does metrics.
    [Theory]
    [InlineData("JSON", "{")]
    [InlineData("Json", "{")]
    [InlineData("CSV", "month,M.REPO-1,")]
    [InlineData("Svg", "<svg ")]
    [InlineData("TEXT", "Release metrics by UTC month")]
    public void The_format_is_accepted_in_any_case(string format, string start)
    {
        var run = Metrics("--format", format);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.StartsWith(start, run.Output, StringComparison.Ordinal);
    }

    // The format is one of four names; the numbers behind them are not formats.
    [Theory]
    [InlineData("1")]
    [InlineData("7")]
    [InlineData("-1")]
    public void A_number_is_not_a_format(string format)
    {
        var run = Metrics("--format", format);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"--format must be one of text, json, csv, svg, not '{format}'", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public void A_range_that_ends_before_it_starts_is_a_usage_error()
    {
        var run = Metrics("--from", "2012-03", "--to", "2012-01");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("before", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_histories_is_a_usage_error()
    {
        var run = ToolRunner.Run("metrics", "--reports", _reports);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--histories", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_state_is_reported_as_file_line_message()
    {
        var bad = Write("bad.csv", "ticket,event,at_utc,actor\n1,Submitted,2012-01-01T00:00:00Z,p\n1,Verified,2012-01-02T00:00:00Z,qc\n");

        var run = ToolRunner.Run("metrics", "--histories", bad, "--reports", _reports);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.StartsWith($"{bad}:3: event: 'Verified' is not a RolloutProgress state", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public void Malformed_csv_and_bad_reports_are_all_reported_without_a_stack_trace()
    {
        var badHistories = Write("bad-h.csv", "ticket,event,at_utc,actor\n1,Submitted,\"2012-01-01T00:00:00Z\"x,p\n");
        var badReports = Write("bad-r.csv", "ticket,team,ngi,outcome,at\n1,A,B,Maybe,2012-01-01T00:00:00Z\n");

        var run = ToolRunner.Run("metrics", "--histories", badHistories, "--reports", badReports);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"{badHistories}:2: malformed CSV", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{badReports}:2: outcome 'Maybe'", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_invalid_input()
    {
        var run = ToolRunner.Run("metrics", "--histories", Path.Combine(_folder, "nope.csv"), "--reports", _reports);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("nope.csv", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_inputs_give_an_empty_result_not_an_error()
    {
        var histories = Write("empty-h.csv", "ticket,event,at_utc,actor\n");
        var reports = Write("empty-r.csv", "ticket,team,ngi,outcome,at\n");

        foreach (var format in new[] { "text", "json", "csv", "svg" })
        {
            var run = ToolRunner.Run("metrics", "--histories", histories, "--reports", reports, "--format", format);
            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            Assert.NotEmpty(run.Output);
        }
    }
}
