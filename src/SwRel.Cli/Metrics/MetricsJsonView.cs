using System.Text.Encodings.Web;
using System.Text.Json;
using SwRel.Domain.Metrics;
using SwRel.Domain.Text;

namespace SwRel.Cli.Metrics;

/// <summary>Writes a metrics report as one JSON object; keys are the SPEC §7 metric ids, durations are seconds.</summary>
internal static class MetricsJsonView
{
    public static void Write(ReleaseMetricsReport report, TextWriter output)
    {
        CliJson.Write(output, json =>
        {
            json.WriteStartObject();
            WriteMonth(json, "from", report.From);
            WriteMonth(json, "to", report.To);
            json.WriteStartArray("months");
            foreach (var m in report.Months)
            {
                json.WriteStartObject();
                json.WriteString("month", m.Month.ToString());
                json.WriteNumber(MetricIds.Repo1, m.Delivered);
                json.WriteNumber(MetricIds.Repo2, m.PassedVerification);
                json.WriteNumber(MetricIds.Repo3, m.PassedStageRollout);
                json.WriteNumber(MetricIds.Sa13_2, m.AcceptedInStageRollout);
                json.WriteNumber(MetricIds.Sa13_3, m.RejectedInStageRollout);
                WriteSummary(json, MetricIds.Sa13_4, m.StageRolloutToProduction);
                WriteSummary(json, MetricIds.Sa13_5, m.ProductionToStageRolloutReport);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("releases");
            foreach (var r in report.Releases)
            {
                json.WriteStartObject();
                json.WriteString("ticket", r.Ticket);
                json.WriteNumber(MetricIds.Sa13_1, r.EarlyAdopterTeams);
                if (r.ProductionAtUtc is { } production)
                {
                    json.WriteString("production_at_utc", UtcTimestamp.FormatTrimmed(production));
                }
                else
                {
                    json.WriteNull("production_at_utc");
                }

                WriteSeconds(json, MetricIds.Sa13_4 + "_seconds", r.StageRolloutToProduction);
                WriteSeconds(json, MetricIds.Sa13_5 + "_seconds", r.ProductionToStageRolloutReport);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("teams");
            foreach (var t in report.Teams)
            {
                json.WriteStartObject();
                json.WriteString("month", t.Month.ToString());
                json.WriteString("ngi", t.Ngi);
                json.WriteString("team", t.Team);
                json.WriteNumber(MetricIds.Sa13_6, t.Releases);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("ngis");
            foreach (var n in report.Ngis)
            {
                json.WriteStartObject();
                json.WriteString("month", n.Month.ToString());
                json.WriteString("ngi", n.Ngi);
                json.WriteNumber("teams", n.Teams);
                json.WriteNumber(MetricIds.Sa13_7, n.Releases);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static void WriteMonth(Utf8JsonWriter json, string name, UtcMonth? month)
    {
        if (month is { } m)
        {
            json.WriteString(name, m.ToString());
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteSummary(Utf8JsonWriter json, string name, DurationSummary summary)
    {
        json.WriteStartObject(name);
        json.WriteNumber("count", summary.Count);
        WriteSeconds(json, "median_seconds", summary.Median);
        WriteSeconds(json, "p90_seconds", summary.Percentile90);
        json.WriteEndObject();
    }

    private static void WriteSeconds(Utf8JsonWriter json, string name, TimeSpan? duration)
    {
        if (duration is { } d)
        {
            json.WriteNumber(name, d.TotalSeconds);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
