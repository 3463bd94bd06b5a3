using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using SwRel.Domain.Text;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.History;

/// <summary>
/// A ticket's state history: every state entered, when (UTC) and by whom, oldest first (SPEC §5).
/// </summary>
/// <remarks>
/// Immutable and thread-safe; <see cref="Append"/> returns a new history. Invariants: every entry's
/// time has offset zero, entries are in non-decreasing time order, and every actor is non-null.
/// The CSV form (<see cref="ToCsv"/>, <see cref="Parse"/>) has the header
/// <c>state,entered_at_utc,actor</c>, RFC 4180 quoting, CRLF line ends and timestamps such as
/// <c>2024-03-01T12:00:00.1234567Z</c> (seven fraction digits, so nothing is lost). Parsing refuses a text
/// longer than <see cref="MaxCsvLength"/> (1 Mi characters), a field longer than 64 Ki characters, a record of more
/// than 256 fields and a state name with white space the SPEC §2 spellings do not have, each with its line.
/// </remarks>
public sealed class StateHistory
{
    /// <summary>The CSV header line, without its line end.</summary>
    public const string CsvHeader = "state,entered_at_utc,actor";

    /// <summary>The longest CSV text <see cref="Parse"/> accepts: 1 Mi characters (a history of a thousand entries is about 60 Ki).</summary>
    public const int MaxCsvLength = 1024 * 1024;

    private StateHistory(ImmutableArray<StateHistoryEntry> entries) => Entries = entries;

    /// <summary>Gets the empty history.</summary>
    public static StateHistory Empty { get; } = new(ImmutableArray<StateHistoryEntry>.Empty);

    /// <summary>Gets the entries, oldest first.</summary>
    public ImmutableArray<StateHistoryEntry> Entries { get; }

    /// <summary>Gets the number of entries.</summary>
    public int Count => Entries.Length;

    /// <summary>Gets the latest entry, or <see langword="null"/> for an empty history.</summary>
    public StateHistoryEntry? Current => Entries.IsEmpty ? null : Entries[^1];

    /// <summary>Gets the ordered path: the states entered, oldest first (a state appears again each time it is re-entered).</summary>
    public ImmutableArray<RolloutProgress> Path
    {
        get
        {
            var builder = ImmutableArray.CreateBuilder<RolloutProgress>(Entries.Length);
            foreach (var entry in Entries)
            {
                builder.Add(entry.State);
            }

            return builder.MoveToImmutable();
        }
    }

    /// <summary>Creates a history from entries, checking its invariants.</summary>
    /// <param name="entries">The entries, oldest first.</param>
    /// <returns>The history.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is null.</exception>
    /// <exception cref="ArgumentException">An entry is not UTC, has no actor, names an undefined state, or is older than the one before it.</exception>
    public static StateHistory Create(IEnumerable<StateHistoryEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var array = entries.ToImmutableArray();
        for (var i = 0; i < array.Length; i++)
        {
            if (CheckEntry(array[i], i == 0 ? null : array[i - 1]) is { } error)
            {
                throw new ArgumentException($"Entry {i + 1}: {error}", nameof(entries));
            }
        }

        return new StateHistory(array);
    }

    /// <summary>Returns a history with <paramref name="entry"/> added at the end.</summary>
    /// <param name="entry">The new entry; not older than <see cref="Current"/>.</param>
    /// <returns>The new history; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">The entry is not UTC, has no actor, names an undefined state, or is older than the latest entry.</exception>
    public StateHistory Append(StateHistoryEntry entry)
    {
        if (CheckEntry(entry, Current) is { } error)
        {
            throw new ArgumentException(error, nameof(entry));
        }

        return new StateHistory(Entries.Add(entry));
    }

    /// <summary>Returns how long the latest state has been open, up to the time provider's now.</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>The open duration; zero for an empty history or when the clock is behind the latest entry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    public TimeSpan CurrentOpenDuration(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (Entries.IsEmpty)
        {
            return TimeSpan.Zero;
        }

        var open = timeProvider.GetUtcNow() - Entries[^1].EnteredAtUtc;
        return open < TimeSpan.Zero ? TimeSpan.Zero : open;
    }

    /// <summary>Returns the total time spent in each state entered, the latest state counted up to now.</summary>
    /// <param name="timeProvider">The clock, for the latest state's open duration.</param>
    /// <returns>For each state that appears in the history, the sum of its stays.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    public IReadOnlyDictionary<RolloutProgress, TimeSpan> TimeInEachState(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var result = new Dictionary<RolloutProgress, TimeSpan>();
        for (var i = 0; i < Entries.Length; i++)
        {
            var stay = i + 1 < Entries.Length
                ? Entries[i + 1].EnteredAtUtc - Entries[i].EnteredAtUtc
                : CurrentOpenDuration(timeProvider);
            result[Entries[i].State] = result.GetValueOrDefault(Entries[i].State) + stay;
        }

        return result;
    }

    /// <summary>Writes the history as CSV: the header, then one record per entry, CRLF line ends.</summary>
    /// <returns>The CSV text.</returns>
    public string ToCsv()
    {
        using var writer = new StringWriter(new StringBuilder(CsvHeader.Length + 2 + (Entries.Length * 64)), CultureInfo.InvariantCulture);
        writer.Write(CsvHeader);
        writer.Write("\r\n");
        foreach (var entry in Entries)
        {
            // An empty last field would make a record that ends in a comma; keep it explicit.
            Rfc4180.WriteRecord(writer, [entry.State.ToName(), UtcTimestamp.Format(entry.EnteredAtUtc), entry.Actor], quoteEmptyLastField: true);
        }

        return writer.ToString();
    }

    /// <summary>Parses the CSV form written by <see cref="ToCsv"/>.</summary>
    /// <param name="csv">The CSV text.</param>
    /// <returns>The history.</returns>
    /// <exception cref="FormatException">The text is not a state history; the message names the line and what is wrong.</exception>
    public static StateHistory Parse(string csv) =>
        TryParse(csv, out var history, out var error) ? history : throw new FormatException(error);

    /// <summary>Tries to parse the CSV form written by <see cref="ToCsv"/>.</summary>
    /// <param name="csv">The CSV text; empty text is an empty history.</param>
    /// <param name="history">The history, when valid.</param>
    /// <param name="error">The first problem, with its line number, when not.</param>
    /// <returns><see langword="true"/> when <paramref name="csv"/> is a valid history.</returns>
    public static bool TryParse(string? csv, [NotNullWhen(true)] out StateHistory? history, [NotNullWhen(false)] out string? error)
    {
        history = null;
        if (string.IsNullOrWhiteSpace(csv))
        {
            history = Empty;
            error = null;
            return true;
        }

        if (csv.Length > MaxCsvLength)
        {
            error = $"the history is {csv.Length:N0} characters; a state history may be at most {MaxCsvLength:N0}.";
            return false;
        }

        var builder = ImmutableArray.CreateBuilder<StateHistoryEntry>();
        var sawHeader = false;
        try
        {
            foreach (var (line, fields) in Rfc4180.ReadRecords(csv))
            {
                if (!sawHeader)
                {
                    if (!string.Equals(string.Join(",", fields), CsvHeader, StringComparison.OrdinalIgnoreCase))
                    {
                        error = $"line {line}: the header must be '{CsvHeader}'.";
                        return false;
                    }

                    sawHeader = true;
                    continue;
                }

                if (fields.Length != 3)
                {
                    error = $"line {line}: expected 3 fields (state, entered_at_utc, actor), found {fields.Length}.";
                    return false;
                }

                if (fields[0].Length == 0 || !RolloutProgressText.TryParse(fields[0], out var state))
                {
                    error = $"line {line}, state: {RolloutProgressText.UnknownStateMessage(fields[0])}";
                    return false;
                }

                if (!UtcTimestamp.TryParse(fields[1], out var at))
                {
                    error = $"line {line}: '{fields[1]}' is not an ISO 8601 UTC time such as 2024-03-01T12:00:00.0000000Z.";
                    return false;
                }

                var entry = new StateHistoryEntry(state, at, fields[2]);
                if (CheckEntry(entry, builder.Count == 0 ? null : builder[^1]) is { } problem)
                {
                    error = $"line {line}: {problem}";
                    return false;
                }

                builder.Add(entry);
            }
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }

        history = new StateHistory(builder.ToImmutable());
        error = null;
        return true;
    }

    private static string? CheckEntry(StateHistoryEntry entry, StateHistoryEntry? previous)
    {
        if (!Enum.IsDefined(entry.State))
        {
            return $"{(int)entry.State} is not a RolloutProgress state.";
        }

        if (entry.EnteredAtUtc.Offset != TimeSpan.Zero)
        {
            return $"the time {entry.EnteredAtUtc:O} is not UTC.";
        }

        if (entry.Actor is null)
        {
            return "the actor is missing.";
        }

        if (previous is { } before && entry.EnteredAtUtc < before.EnteredAtUtc)
        {
            return $"{entry.State.ToName()} was entered at {UtcTimestamp.Format(entry.EnteredAtUtc)}, before the previous entry ({UtcTimestamp.Format(before.EnteredAtUtc)}).";
        }

        return null;
    }
}
