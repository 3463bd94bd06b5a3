using System.Globalization;
using System.Net;
using System.Text;
using SwRel.Domain.Metrics;

namespace SwRel.Server.Status;

/// <summary>Renders the read-only status page: plain server-side HTML, no scripts needed to read it.</summary>
internal static class StatusPage
{
    /// <summary>The page for the current state.</summary>
    /// <param name="view">The queue and the recent outcomes.</param>
    /// <param name="slots">Each major release's slot, or <see langword="null"/> when the ticket system could not be asked.</param>
    /// <param name="releases">The catalogue's releases matching <paramref name="search"/>.</param>
    /// <param name="search">The catalogue search, if any.</param>
    /// <param name="metrics">The release metrics of the tickets the daemon knows, or <see langword="null"/> when the ticket system could not be asked.</param>
    public static string Render(RequestsView view, IReadOnlyList<SlotView>? slots, IReadOnlyList<ReleaseView> releases, string? search, ReleaseMetricsReport? metrics)
    {
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="refresh" content="10">
            <title>SwRel repository daemon</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}
            table{border-collapse:collapse;margin-bottom:1.5rem}
            th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
            th{background:#f0f0f0}
            .Failed,.Invalid{color:#a00}.Succeeded{color:#060}.Deferred,.Retrying{color:#960}
            </style>
            </head>
            <body>
            <h1>SwRel repository daemon</h1>
            """);
        html.Append("<section id=\"queue\"><h2>Queue (").Append(view.Queue.Count.ToString(CultureInfo.InvariantCulture)).Append(")</h2>");
        if (view.Queue.Count == 0)
        {
            html.Append("<p>No request is waiting.</p>");
        }
        else
        {
            html.Append("<table><thead><tr><th>Request</th><th>Ticket</th><th>Transition</th><th>State</th><th>Attempts</th><th>Queued (UTC)</th><th>Last error</th></tr></thead><tbody>");
            foreach (var q in view.Queue)
            {
                html.Append("<tr data-request=\"").Append(q.RequestId.ToString(CultureInfo.InvariantCulture)).Append("\"><td>")
                    .Append(q.RequestId.ToString(CultureInfo.InvariantCulture)).Append("</td><td>#").Append(q.TicketId.ToString(CultureInfo.InvariantCulture))
                    .Append("</td><td>").Append(Encode(q.Transition)).Append("</td><td class=\"state\">").Append(Encode(q.State))
                    .Append("</td><td>").Append(q.Attempts.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(Time(q.EnqueuedAtUtc))
                    .Append("</td><td>").Append(Encode(q.LastError ?? "")).Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("</section><section id=\"recent\"><h2>Recent outcomes</h2>");
        if (view.Recent.Count == 0)
        {
            html.Append("<p>Nothing processed since the daemon started.</p>");
        }
        else
        {
            html.Append("<table><thead><tr><th>When (UTC)</th><th>Ticket</th><th>Transition</th><th>Outcome</th><th>Message</th></tr></thead><tbody>");
            foreach (var r in view.Recent)
            {
                html.Append("<tr><td>").Append(Time(r.FinishedAtUtc)).Append("</td><td>#").Append(r.TicketId.ToString(CultureInfo.InvariantCulture))
                    .Append("</td><td>").Append(Encode(r.Transition)).Append("</td><td class=\"").Append(Encode(r.Outcome)).Append("\">").Append(Encode(r.Outcome))
                    .Append("</td><td>").Append(Encode(r.Message)).Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("</section><section id=\"slots\"><h2>Stage-rollout slots</h2>");
        if (slots is null)
        {
            html.Append("<p class=\"Failed\">The ticket system did not answer; the slots cannot be shown now.</p>");
        }
        else if (slots.Count == 0)
        {
            html.Append("<p>No major release known yet.</p>");
        }
        else
        {
            html.Append("<table><thead><tr><th>Major release</th><th>In StageRollout</th><th>Deferred (next first)</th></tr></thead><tbody>");
            foreach (var slot in slots)
            {
                html.Append("<tr><td>").Append(Encode(slot.MajorRelease)).Append("</td><td>")
                    .Append(slot.InStageRollout is { } holder ? "#" + holder.ToString(CultureInfo.InvariantCulture) : "free")
                    .Append("</td><td>").Append(slot.Deferred.Count == 0 ? "none" : string.Join(", ", slot.Deferred.Select(t => "#" + t.ToString(CultureInfo.InvariantCulture))))
                    .Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("</section><section id=\"catalogue\"><h2>Release catalogue</h2>");
        html.Append("<form method=\"get\" action=\"/\"><label>Search <input type=\"search\" name=\"search\" value=\"").Append(Encode(search ?? ""))
            .Append("\"></label> <button type=\"submit\">Find</button></form>");
        if (releases.Count == 0)
        {
            html.Append("<p>No release found.</p>");
        }
        else
        {
            html.Append("<table><thead><tr><th>Product</th><th>Version</th><th>Major release</th><th>Area</th><th>Path</th><th>Ticket</th><th>Checksums</th><th>Recorded (UTC)</th></tr></thead><tbody>");
            foreach (var r in releases)
            {
                html.Append("<tr><td>").Append(Encode(r.Product)).Append("</td><td>").Append(Encode(r.Version)).Append("</td><td>").Append(Encode(r.MajorRelease))
                    .Append("</td><td>").Append(Encode(r.Area)).Append("</td><td>").Append(Encode(r.Path)).Append("</td><td>")
                    .Append(r.TicketId is { } t ? "#" + t.ToString(CultureInfo.InvariantCulture) : "").Append("</td><td>").Append(r.ChecksumsVerified ? "verified" : "not verified")
                    .Append("</td><td>").Append(Time(r.RecordedAtUtc)).Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("</section><section id=\"metrics\"><h2>Release metrics</h2>");
        if (metrics is null)
        {
            html.Append("<p class=\"Failed\">The ticket system did not answer; the metrics chart cannot be drawn now.</p>");
        }
        else if (metrics.Months.Count == 0)
        {
            html.Append("<p>No ticket the daemon knows has a state history yet; the chart appears once tickets have moved.</p>");
        }
        else
        {
            // The same drawing as `swrel metrics --format svg`, inline: an svg element needs no XML declaration in HTML.
            using var svg = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
            MetricsSvgChart.Write(metrics, svg);
            html.Append(svg.ToString());
        }

        html.Append("</section>\n<p><a href=\"/api/requests\">/api/requests</a> · <a href=\"/api/releases\">/api/releases</a> · <a href=\"/api/slots\">/api/slots</a> · <a href=\"/metrics\">/metrics</a> · <a href=\"/readyz\">/readyz</a></p>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
