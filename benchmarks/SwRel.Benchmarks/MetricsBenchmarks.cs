using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using SwRel.Domain.Metrics;

namespace SwRel.Benchmarks;

/// <summary>Reading a year of histories and EA reports, and computing the metrics from them.</summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    private string _historiesCsv = "";
    private string _reportsCsv = "";
    private IReadOnlyList<TicketHistory> _histories = [];
    private IReadOnlyList<EarlyAdopterReport> _reports = [];

    [Params(1000)]
    public int Tickets { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Deterministic data: each ticket walks the usual path, with four EA reports.
        var start = new DateTime(2012, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var states = new[] { "Submitted", "Unverified", "InVerification", "StageRollout", "Production" };
        var h = new StringBuilder("ticket,event,at_utc,actor\r\n");
        var r = new StringBuilder("ticket,team,ngi,outcome,at\r\n");
        for (var t = 0; t < Tickets; t++)
        {
            var at = start.AddHours(t * 8.7);
            foreach (var state in states)
            {
                h.Append(CultureInfo.InvariantCulture, $"{t},{state},{at:yyyy-MM-dd'T'HH:mm:ss'Z'},someone\r\n");
                at = at.AddHours(30 + (t % 97));
            }

            h.Append(CultureInfo.InvariantCulture, $"{t},StageRolloutReport,{at:yyyy-MM-dd'T'HH:mm:ss'Z'},sr\r\n");
            for (var e = 0; e < 4; e++)
            {
                r.Append(CultureInfo.InvariantCulture, $"{t},team{(t + e) % 40},ngi{(t + e) % 40 / 5},{(e == 3 ? "Reject" : "Accept")},{at.AddHours(-e):yyyy-MM-dd'T'HH:mm:ss'Z'}\r\n");
            }
        }

        _historiesCsv = h.ToString();
        _reportsCsv = r.ToString();
        _histories = MetricsCsvReader.ReadHistories(new StringReader(_historiesCsv), "h").Value!;
        _reports = MetricsCsvReader.ReadReports(new StringReader(_reportsCsv), "r").Value!;
    }

    [Benchmark]
    public int ReadHistories() => MetricsCsvReader.ReadHistories(new StringReader(_historiesCsv), "h").Value!.Count;

    [Benchmark]
    public int ReadReports() => MetricsCsvReader.ReadReports(new StringReader(_reportsCsv), "r").Value!.Count;

    [Benchmark]
    public int Compute() => ReleaseMetricsCalculator.Compute(_histories, _reports).Months.Count;
}
