using SwRel.Domain.History;
using SwRel.Domain.Text;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Metrics;

/// <summary>Reads the two metrics input files: ticket histories and early-adopter reports (RFC 4180 CSV with a header).</summary>
/// <remarks>
/// <para>
/// <b>Histories</b> (header <c>ticket,event,at_utc,actor</c>): one row per ticket event, in any order. <c>event</c>
/// is a RolloutProgress state in any SPEC §2 spelling (the ticket entered that state) or <c>StageRolloutReport</c>
/// (the ticket's StageRolloutReport field was set; the earliest such row counts). Rows of a ticket are sorted by
/// time, keeping file order for equal times. Dropping the <c>ticket</c> column from a ticket's state rows gives its
/// SPEC §5 history.
/// </para>
/// <para><b>Reports</b> (header <c>ticket,team,ngi,outcome,at</c>): one row per early-adopter report; <c>outcome</c> is
/// <c>Accept</c> or <c>Reject</c> (any case).</para>
/// <para>
/// Header names are matched case-insensitively, columns may come in any order, extra columns are ignored, and
/// fields are trimmed. Timestamps are ISO 8601 with an explicit offset (<c>Z</c>, <c>±hh:mm</c> or <c>±hhmm</c>)
/// and are converted to UTC; a time without an offset is refused as ambiguous. Every
/// problem is reported with its line, up to 100. Stateless and thread-safe.
/// </para>
/// </remarks>
public static class MetricsCsvReader
{
    /// <summary>The <c>event</c> value that records when a ticket's StageRolloutReport was set.</summary>
    public const string StageRolloutReportEvent = "StageRolloutReport";

    private const int MaxErrors = 100;
    private static readonly string[] s_historyColumns = ["ticket", "event", "at_utc", "actor"];
    private static readonly string[] s_reportColumns = ["ticket", "team", "ngi", "outcome", "at"];

    /// <summary>Reads a histories file.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="source">The name to put in error messages, usually the file path.</param>
    /// <returns>One <see cref="TicketHistory"/> per ticket, in order of first appearance, or every problem found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="source"/> is <see langword="null"/>.</exception>
    public static MetricsReadResult<IReadOnlyList<TicketHistory>> ReadHistories(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        var errors = new List<MetricsInputError>();
        var tickets = new Dictionary<string, (List<StateHistoryEntry> Entries, DateTimeOffset? ReportAt)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (line, row) in Rows(reader, source, s_historyColumns, errors))
        {
            var ticket = row[0];
            var eventText = row[1];
            var atText = row[2];
            var ok = true;
            if (ticket.Length == 0)
            {
                Add(errors, source, line, "the ticket is empty");
                ok = false;
            }

            var isReport = string.Equals(eventText, StageRolloutReportEvent, StringComparison.OrdinalIgnoreCase);
            var state = RolloutProgress.Submitted;
            if (eventText.Length == 0)
            {
                Add(errors, source, line, $"the event is empty; write a RolloutProgress state or {StageRolloutReportEvent}");
                ok = false;
            }
            else if (!isReport && !RolloutProgressText.TryParse(eventText, out state))
            {
                Add(errors, source, line, $"'{eventText}' is neither a RolloutProgress state nor {StageRolloutReportEvent}");
                ok = false;
            }

            if (!MetricsTimestamp.TryParse(atText, out var at))
            {
                Add(errors, source, line, "at_utc " + MetricsTimestamp.Describe(atText));
                ok = false;
            }

            if (!ok)
            {
                continue;
            }

            if (!tickets.TryGetValue(ticket, out var facts))
            {
                facts = ([], null);
                order.Add(ticket);
            }

            if (isReport)
            {
                facts.ReportAt = facts.ReportAt is { } earlier && earlier <= at ? earlier : at;
            }
            else
            {
                facts.Entries.Add(new StateHistoryEntry(state, at, row[3]));
            }

            tickets[ticket] = facts;
        }

        if (errors.Count > 0)
        {
            return new MetricsReadResult<IReadOnlyList<TicketHistory>>(null, errors);
        }

        var histories = order.Select(t => new TicketHistory(t, tickets[t].Entries, tickets[t].ReportAt)).ToArray();
        return new MetricsReadResult<IReadOnlyList<TicketHistory>>(histories, errors);
    }

    /// <summary>Reads an early-adopter reports file.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="source">The name to put in error messages, usually the file path.</param>
    /// <returns>The reports in file order, or every problem found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="source"/> is <see langword="null"/>.</exception>
    public static MetricsReadResult<IReadOnlyList<EarlyAdopterReport>> ReadReports(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        var errors = new List<MetricsInputError>();
        var reports = new List<EarlyAdopterReport>();
        foreach (var (line, row) in Rows(reader, source, s_reportColumns, errors))
        {
            var ok = true;
            for (var i = 0; i < 3; i++)
            {
                if (row[i].Length == 0)
                {
                    Add(errors, source, line, $"the {s_reportColumns[i]} is empty");
                    ok = false;
                }
            }

            EarlyAdopterOutcome outcome = default;
            if (string.Equals(row[3], "Accept", StringComparison.OrdinalIgnoreCase))
            {
                outcome = EarlyAdopterOutcome.Accept;
            }
            else if (string.Equals(row[3], "Reject", StringComparison.OrdinalIgnoreCase))
            {
                outcome = EarlyAdopterOutcome.Reject;
            }
            else
            {
                Add(errors, source, line, $"outcome '{row[3]}' must be Accept or Reject");
                ok = false;
            }

            if (!MetricsTimestamp.TryParse(row[4], out var at))
            {
                Add(errors, source, line, "at " + MetricsTimestamp.Describe(row[4]));
                ok = false;
            }

            if (ok)
            {
                reports.Add(new EarlyAdopterReport(row[0], row[1], row[2], outcome, at));
            }
        }

        return new MetricsReadResult<IReadOnlyList<EarlyAdopterReport>>(errors.Count == 0 ? reports : null, errors);
    }

    /// <summary>Yields each data row's wanted columns, trimmed and in <paramref name="columns"/> order, with its line.</summary>
    private static IEnumerable<(int Line, string[] Row)> Rows(TextReader reader, string source, string[] columns, List<MetricsInputError> errors)
    {
        using var records = Records(reader, source, errors).GetEnumerator();
        if (!records.MoveNext())
        {
            if (errors.Count == 0)
            {
                Add(errors, source, 1, $"the file is empty; it needs the header {string.Join(',', columns)}");
            }

            yield break;
        }

        var (headerLine, header) = records.Current;
        var positions = new int[columns.Length];
        var missing = new List<string>();
        for (var i = 0; i < columns.Length; i++)
        {
            positions[i] = Array.FindIndex(header, h => string.Equals(h.Trim(), columns[i], StringComparison.OrdinalIgnoreCase));
            if (positions[i] < 0)
            {
                missing.Add(columns[i]);
            }
        }

        if (missing.Count > 0)
        {
            Add(errors, source, headerLine, $"the header lacks {string.Join(", ", missing)}; it must name the columns {string.Join(',', columns)}");
            yield break;
        }

        while (records.MoveNext() && errors.Count < MaxErrors)
        {
            var (line, fields) = records.Current;
            if (fields.Length != header.Length)
            {
                Add(errors, source, line, $"the row has {fields.Length} fields but the header has {header.Length}");
                continue;
            }

            var row = new string[columns.Length];
            for (var i = 0; i < columns.Length; i++)
            {
                row[i] = fields[positions[i]].Trim();
            }

            yield return (line, row);
        }

        if (errors.Count >= MaxErrors)
        {
            errors.Add(new MetricsInputError(source, errors[^1].Line, $"stopped after {MaxErrors} errors"));
        }
    }

    /// <summary>Yields the CSV records, turning a malformed-CSV exception into one located error.</summary>
    private static IEnumerable<(int Line, string[] Fields)> Records(TextReader reader, string source, List<MetricsInputError> errors)
    {
        using var records = Rfc4180.ReadRecords(reader).GetEnumerator();
        while (true)
        {
            try
            {
                if (!records.MoveNext())
                {
                    yield break;
                }
            }
            catch (FormatException e)
            {
                errors.Add(Malformed(source, e.Message));
                yield break;
            }

            yield return records.Current;
        }
    }

    private static MetricsInputError Malformed(string source, string message)
    {
        // Rfc4180 messages start with "line N: "; lift N into the location.
        const string prefix = "line ";
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        if (message.StartsWith(prefix, StringComparison.Ordinal) && colon > prefix.Length
            && int.TryParse(message.AsSpan(prefix.Length, colon - prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var line))
        {
            return new MetricsInputError(source, line, "malformed CSV: " + message[(colon + 2)..].TrimEnd('.'));
        }

        return new MetricsInputError(source, 1, "malformed CSV: " + message);
    }

    private static void Add(List<MetricsInputError> errors, string source, int line, string message) =>
        errors.Add(new MetricsInputError(source, line, message));
}
