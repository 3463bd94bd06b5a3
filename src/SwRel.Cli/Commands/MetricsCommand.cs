using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.DependencyInjection;
using SwRel.Cli.Metrics;
using SwRel.Domain.Metrics;
using SwRel.IO;
using SwRel.Rt;

namespace SwRel.Cli.Commands;

/// <summary><c>swrel metrics</c>: the SPEC §7 release metrics from a histories file and an EA-reports file, or from RT's own history.</summary>
internal static class MetricsCommand
{
    public static Command Create(CliConsole console)
    {
        var histories = new Option<FileInfo>("--histories")
        {
            Description = "Ticket histories CSV: ticket,event,at_utc,actor (event: a RolloutProgress state or StageRolloutReport). Or --rt-url.",
            HelpName = "FILE",
        };
        var reports = new Option<FileInfo?>("--reports")
        {
            Description = "Early-adopter reports CSV: ticket,team,ngi,outcome,at (outcome Accept or Reject). Needed with --histories; optional with --rt-url.",
            HelpName = "FILE",
        };
        var rtUrl = new Option<string?>("--rt-url")
        {
            Description = "Read the ticket histories from Request Tracker at this URL instead of --histories (credentials from SWREL_RT_TOKEN, or SWREL_RT_USER and SWREL_RT_PASSWORD).",
            HelpName = "URL",
        };
        var queue = new Option<string>("--queue") { Description = "With --rt-url: the RT queue of the workflow.", DefaultValueFactory = _ => "sw-rel", HelpName = "NAME" };
        var from = new Option<string?>("--from") { HelpName = "YYYY-MM", Description = "First UTC month to report, YYYY-MM (default: the earliest in the data)." };
        var to = new Option<string?>("--to") { HelpName = "YYYY-MM", Description = "Last UTC month to report, YYYY-MM (default: the latest in the data)." };
        // An enum like CommonOptions.Format(), so that the name is accepted in any case as by the other
        // commands; only the four names, not the enum's numbers.
        var format = new Option<MetricsFormat>("--format")
        {
            Description = "Output format: text (tables), json (everything), csv (the monthly table) or svg (a chart of the monthly series).",
            DefaultValueFactory = _ => MetricsFormat.Text,
            CustomParser = ParseFormat,
            HelpName = "text|json|csv|svg",
        };

        var command = new Command("metrics", "Compute the release metrics (M.REPO-1..3, M.SA1.3-1..7) by UTC month.");
        command.Options.Add(histories);
        command.Options.Add(reports);
        command.Options.Add(rtUrl);
        command.Options.Add(queue);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(format);
        command.SetAction(parseResult =>
        {
            var first = Month(parseResult.GetValue(from), "--from");
            var last = Month(parseResult.GetValue(to), "--to");
            if (first is { } f && last is { } l && l < f)
            {
                throw new UsageException($"--to {l} is before --from {f}.");
            }

            var historiesFile = parseResult.GetValue(histories);
            var reportsFile = parseResult.GetValue(reports);
            var rt = parseResult.GetValue(rtUrl);
            if ((historiesFile is null) == (rt is null))
            {
                throw new UsageException("Give the ticket histories either as --histories FILE or from RT with --rt-url URL (one of the two).");
            }

            if (historiesFile is not null && reportsFile is null)
            {
                throw new UsageException("--histories needs --reports FILE (the early-adopter reports).");
            }

            MetricsReadResult<IReadOnlyList<TicketHistory>>? historyResult = null;
            MetricsReadResult<IReadOnlyList<EarlyAdopterReport>>? reportResult = null;
            try
            {
                // Only regular files, and no larger than the reader accepts: a FIFO would block and /dev/zero never ends.
                if (historiesFile is not null)
                {
                    using var stream = RegularFile.OpenRead(historiesFile.FullName, MetricsCsvReader.MaxFileBytes, "a histories file");
                    historyResult = MetricsCsvReader.ReadHistories(stream, historiesFile.ToString());
                }

                if (reportsFile is not null)
                {
                    using var stream = RegularFile.OpenRead(reportsFile.FullName, MetricsCsvReader.MaxFileBytes, "a reports file");
                    reportResult = MetricsCsvReader.ReadReports(stream, reportsFile.ToString());
                }
            }
            catch (FileNotFoundException e)
            {
                console.Error.WriteLine($"{e.FileName}: no such file.");
                return ExitCodes.Invalid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.Error.WriteLine($"swrel: {e.Message}");
                return ExitCodes.Invalid;
            }

            var historyList = historyResult?.Value;
            if (rt is not null)
            {
                var exit = RtCommand.WithRt(console, rt, parseResult.GetValue(queue)!, services =>
                {
                    historyList = services.GetRequiredService<RtHistoryReader>().ReadQueueAsync(first?.StartUtc, last?.EndUtc, CancellationToken.None).GetAwaiter().GetResult();
                    return ExitCodes.Ok;
                });
                if (exit != ExitCodes.Ok)
                {
                    return exit;
                }
            }

            IReadOnlyList<EarlyAdopterReport>? reportList = reportResult is null ? [] : reportResult.Value;
            if (historyList is null || reportList is null)
            {
                foreach (var error in (historyResult?.Errors ?? []).Concat(reportResult?.Errors ?? []))
                {
                    console.Error.WriteLine(error.ToString());
                }

                return ExitCodes.Invalid;
            }

            var report = ReleaseMetricsCalculator.Compute(historyList, reportList, first, last);

            // Render to a buffer first so that a failure never leaves half an output behind.
            using var buffer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
            switch (parseResult.GetValue(format))
            {
                case MetricsFormat.Json:
                    MetricsJsonView.Write(report, buffer);
                    break;
                case MetricsFormat.Csv:
                    MetricsCsvWriter.WriteMonths(report, buffer);
                    break;
                case MetricsFormat.Svg:
                    MetricsSvgChart.Write(report, buffer);
                    break;
                default:
                    MetricsTextView.Write(report, buffer);
                    break;
            }

            console.Out.Write(buffer.ToString());
            return ExitCodes.Ok;
        });
        return command;
    }

    private static MetricsFormat ParseFormat(ArgumentResult result) =>
        CommonOptions.ParseName(result, "--format", MetricsFormat.Text);

    private static UtcMonth? Month(string? text, string option) =>
        text is null ? null
        : UtcMonth.TryParse(text, out var month) ? month
        : throw new UsageException($"{option} '{text}' is not a month; write YYYY-MM, for example 2012-03.");
}
