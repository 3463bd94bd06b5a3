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
/// fields are trimmed, except <c>event</c>: a state name is taken as written, so <c> Production</c> or
/// <c>Stage Rollout</c> is an error rather than a guess. Timestamps are ISO 8601 with an explicit offset (<c>Z</c>, <c>±hh:mm</c> or <c>±hhmm</c>)
/// and are converted to UTC; a time without an offset is refused as ambiguous. Every
/// problem is reported with its line, up to <see cref="MaxErrors"/>; the rest are counted in one closing
/// "… and N more problems" error. Stateless and thread-safe.
/// </para>
/// <para>
/// Limits: a file is at most <see cref="MaxFileBytes"/> (64 MiB; characters for a <see cref="TextReader"/>), a field at
/// most 64 Ki characters and a record at most 256 fields. The <see cref="Stream"/> overloads read strict UTF-8 (a
/// leading byte order mark is skipped): a byte that is not UTF-8 is an error naming its line, column name and offset.
/// Beyond a limit, reading stops with one error that says where.
/// </para>
/// </remarks>
public static class MetricsCsvReader
{
    /// <summary>The <c>event</c> value that records when a ticket's StageRolloutReport was set.</summary>
    public const string StageRolloutReportEvent = "StageRolloutReport";

    /// <summary>The largest input file accepted: 64 MiB (bytes for a stream, characters for a <see cref="TextReader"/>). A year of tickets is well under 1 MiB.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>The most problems reported one by one; any more are counted in one closing error.</summary>
    public const int MaxErrors = 100;

    private static readonly string[] s_historyColumns = ["ticket", "event", "at_utc", "actor"];
    private static readonly string[] s_reportColumns = ["ticket", "team", "ngi", "outcome", "at"];

    /// <summary>Reads a histories file from UTF-8 bytes, at most <see cref="MaxFileBytes"/> of them.</summary>
    /// <param name="stream">The CSV bytes; read to the end or to the first problem that stops reading, not closed.</param>
    /// <param name="source">The name to put in error messages, usually the file path.</param>
    /// <returns>One <see cref="TicketHistory"/> per ticket, in order of first appearance, or every problem found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="source"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static MetricsReadResult<IReadOnlyList<TicketHistory>> ReadHistories(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new Utf8TextReader(stream, MaxFileBytes, "the file");
        return ReadHistories(reader, source);
    }

    /// <summary>Reads an early-adopter reports file from UTF-8 bytes, at most <see cref="MaxFileBytes"/> of them.</summary>
    /// <param name="stream">The CSV bytes; read to the end or to the first problem that stops reading, not closed.</param>
    /// <param name="source">The name to put in error messages, usually the file path.</param>
    /// <returns>The reports in file order, or every problem found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="source"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static MetricsReadResult<IReadOnlyList<EarlyAdopterReport>> ReadReports(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new Utf8TextReader(stream, MaxFileBytes, "the file");
        return ReadReports(reader, source);
    }

    /// <summary>Reads a histories file.</summary>
    /// <param name="reader">The CSV text; at most <see cref="MaxFileBytes"/> characters are read.</param>
    /// <param name="source">The name to put in error messages, usually the file path.</param>
    /// <returns>One <see cref="TicketHistory"/> per ticket, in order of first appearance, or every problem found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="source"/> is <see langword="null"/>.</exception>
    public static MetricsReadResult<IReadOnlyList<TicketHistory>> ReadHistories(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        var errors = new Problems(source);
        var tickets = new Dictionary<string, (List<StateHistoryEntry> Entries, DateTimeOffset? ReportAt)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (line, row) in Rows(reader, s_historyColumns, errors, asWritten: 1))
        {
            var ticket = row[0];
            var eventText = row[1];
            var atText = row[2];
            var ok = true;
            if (ticket.Length == 0)
            {
                errors.Add(line, "the ticket is empty");
                ok = false;
            }

            var isReport = string.Equals(eventText, StageRolloutReportEvent, StringComparison.OrdinalIgnoreCase);
            var state = RolloutProgress.Submitted;
            if (eventText.Length == 0)
            {
                errors.Add(line, $"the event is empty; write a RolloutProgress state or {StageRolloutReportEvent}");
                ok = false;
            }
            else if (!isReport && !RolloutProgressText.TryParse(eventText, out state))
            {
                errors.Add(line, $"event: {RolloutProgressText.UnknownStateMessage(eventText).TrimEnd('.')}, or {StageRolloutReportEvent}");
                ok = false;
            }

            if (!MetricsTimestamp.TryParse(atText, out var at))
            {
                errors.Add(line, "at_utc " + MetricsTimestamp.Describe(atText));
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
            return new MetricsReadResult<IReadOnlyList<TicketHistory>>(null, errors.ToList());
        }

        var histories = order.Select(t => new TicketHistory(t, tickets[t].Entries, tickets[t].ReportAt)).ToArray();
        return new MetricsReadResult<IReadOnlyList<TicketHistory>>(histories, errors.ToList());
    }

    /// <summary>Reads an early-adopter reports file.</summary>
    /// <param name="reader">The CSV text; at most <see cref="MaxFileBytes"/> characters are read.</param>
    /// <param name="source">The name to put in error messages, usually the file path.</param>
    /// <returns>The reports in file order, or every problem found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="source"/> is <see langword="null"/>.</exception>
    public static MetricsReadResult<IReadOnlyList<EarlyAdopterReport>> ReadReports(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        var errors = new Problems(source);
        var reports = new List<EarlyAdopterReport>();
        foreach (var (line, row) in Rows(reader, s_reportColumns, errors, asWritten: -1))
        {
            var ok = true;
            for (var i = 0; i < 3; i++)
            {
                if (row[i].Length == 0)
                {
                    errors.Add(line, $"the {s_reportColumns[i]} is empty");
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
                errors.Add(line, $"outcome '{row[3]}' must be Accept or Reject");
                ok = false;
            }

            if (!MetricsTimestamp.TryParse(row[4], out var at))
            {
                errors.Add(line, "at " + MetricsTimestamp.Describe(row[4]));
                ok = false;
            }

            if (ok)
            {
                reports.Add(new EarlyAdopterReport(row[0], row[1], row[2], outcome, at));
            }
        }

        return new MetricsReadResult<IReadOnlyList<EarlyAdopterReport>>(errors.Count == 0 ? reports : null, errors.ToList());
    }

    /// <summary>Yields each data row's wanted columns, trimmed (but for <paramref name="asWritten"/>) and in <paramref name="columns"/> order, with its line.</summary>
    private static IEnumerable<(int Line, string[] Row)> Rows(TextReader reader, string[] columns, Problems errors, int asWritten)
    {
        var header = new string[][] { [] };
        using var records = Records(reader, errors, header).GetEnumerator();
        if (!records.MoveNext())
        {
            if (errors.Count == 0)
            {
                errors.Add(1, $"the file is empty; it needs the header {string.Join(',', columns)}");
            }

            yield break;
        }

        var (headerLine, names) = records.Current;
        header[0] = names;
        var positions = new int[columns.Length];
        var missing = new List<string>();
        for (var i = 0; i < columns.Length; i++)
        {
            positions[i] = Array.FindIndex(names, h => string.Equals(h.Trim(), columns[i], StringComparison.OrdinalIgnoreCase));
            if (positions[i] < 0)
            {
                missing.Add(columns[i]);
            }
        }

        if (missing.Count > 0)
        {
            errors.Add(headerLine, $"the header lacks {string.Join(", ", missing)}; it must name the columns {string.Join(',', columns)}");
            yield break;
        }

        while (records.MoveNext())
        {
            var (line, fields) = records.Current;
            if (fields.Length != names.Length)
            {
                errors.Add(line, $"the row has {fields.Length} fields but the header has {names.Length}");
                continue;
            }

            var row = new string[columns.Length];
            for (var i = 0; i < columns.Length; i++)
            {
                row[i] = i == asWritten ? fields[positions[i]] : fields[positions[i]].Trim();
            }

            yield return (line, row);
        }
    }

    /// <summary>Yields the CSV records, turning a malformed-CSV exception into one located error that names the column when the header is known.</summary>
    private static IEnumerable<(int Line, string[] Fields)> Records(TextReader reader, Problems errors, string[][] header)
    {
        using var records = Rfc4180.ReadRecords(reader, MaxFileBytes).GetEnumerator();
        while (true)
        {
            try
            {
                if (!records.MoveNext())
                {
                    yield break;
                }
            }
            catch (CsvFormatException e)
            {
                var names = header[0];
                var column = e.Field > 0 && e.Field <= names.Length ? $" (column {names[e.Field - 1].Trim()})"
                    : e.Field > 0 ? $" (field {e.Field})"
                    : string.Empty;
                errors.Add(e.Line, $"malformed CSV{column}: {e.Reason}");
                yield break;
            }

            yield return records.Current;
        }
    }

    /// <summary>The problems found: the first <see cref="MaxErrors"/> kept, the rest only counted.</summary>
    private sealed class Problems(string source)
    {
        private readonly List<MetricsInputError> _list = [];
        private int _more;
        private int _lastLine;

        public int Count => _list.Count + _more;

        public void Add(int line, string message)
        {
            if (_list.Count < MaxErrors)
            {
                _list.Add(new MetricsInputError(source, line, message));
                return;
            }

            _more++;
            _lastLine = line;
        }

        public IReadOnlyList<MetricsInputError> ToList()
        {
            if (_more == 0)
            {
                return _list;
            }

            return [.. _list, new MetricsInputError(source, _lastLine, $"… and {_more:N0} more problem{(_more == 1 ? string.Empty : "s")} (only the first {MaxErrors} are listed)")];
        }
    }
}
