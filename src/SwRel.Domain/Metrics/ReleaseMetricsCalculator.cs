using SwRel.Domain.Workflow;

namespace SwRel.Domain.Metrics;

/// <summary>Computes the SPEC §7 release metrics from ticket histories and early-adopter reports.</summary>
/// <remarks>
/// <para>
/// Transitions are read from <see cref="TicketHistory.CompletedEntries"/>: every failed repository action
/// (SPEC §2.1 rows 20–23, <c>W, X, Failed, Y</c>) is first reduced to the transition that actually completed, so a
/// retry counts <c>W → X</c> at the retry's time, a revert counts nothing, and Failed → Rejected counts
/// <c>W → Rejected</c>. A transition <c>A → B</c> is then a completed entry <c>B</c> whose previous completed entry
/// is <c>A</c>. Months are UTC calendar months of the entry that completes the transition. Monthly counts are
/// distinct tickets. See <c>docs/metrics.md</c> for every definition with worked examples.
/// </para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
public static class ReleaseMetricsCalculator
{
    /// <summary>Computes every metric over a range of months.</summary>
    /// <param name="histories">One history per ticket; a ticket may appear only once.</param>
    /// <param name="reports">The early-adopter reports, in any order; tickets without a history are allowed.</param>
    /// <param name="from">The first month to report, or <see langword="null"/> for the earliest month in the data.</param>
    /// <param name="to">The last month to report, or <see langword="null"/> for the latest month in the data.</param>
    /// <returns>The metrics; with no data and no range, a report with no months.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="histories"/>, <paramref name="reports"/> or an item in them is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A ticket has two histories, or <paramref name="to"/> is before <paramref name="from"/>.</exception>
    public static ReleaseMetricsReport Compute(
        IEnumerable<TicketHistory> histories,
        IEnumerable<EarlyAdopterReport> reports,
        UtcMonth? from = null,
        UtcMonth? to = null)
    {
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentNullException.ThrowIfNull(reports);
        if (from is { } f && to is { } t && t < f)
        {
            throw new ArgumentException($"The range ends ({t}) before it starts ({f}).", nameof(to));
        }

        var historyList = histories.ToList();
        var reportList = reports.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var history in historyList)
        {
            ArgumentNullException.ThrowIfNull(history, nameof(histories));
            if (!seen.Add(history.Ticket))
            {
                throw new ArgumentException($"Ticket {history.Ticket} has more than one history; merge them first.", nameof(histories));
            }
        }

        foreach (var report in reportList)
        {
            ArgumentNullException.ThrowIfNull(report, nameof(reports));
        }

        var (first, last) = ResolveRange(historyList, reportList, from, to);
        if (first is not { } start || last is not { } end)
        {
            return new ReleaseMetricsReport(null, null, [], [], [], []);
        }

        var monthCount = end.MonthsSince(start) + 1;
        var delivered = NewSets(monthCount);
        var passedVerification = NewSets(monthCount);
        var passedStageRollout = NewSets(monthCount);
        var rejectedInStageRollout = NewSets(monthCount);
        var stageRolloutDurations = NewLists(monthCount);
        var reportDurations = NewLists(monthCount);
        var releases = new Dictionary<string, ReleaseFacts>(StringComparer.Ordinal);

        int? IndexOf(DateTimeOffset instant)
        {
            var index = UtcMonth.Of(instant).MonthsSince(start);
            return index >= 0 && index < monthCount ? index : null;
        }

        foreach (var history in historyList)
        {
            var facts = Facts(releases, history.Ticket);
            facts.ReportSetAtUtc = history.StageRolloutReportSetAtUtc;
            facts.InRange |= history.StageRolloutReportSetAtUtc is { } set && IndexOf(set) is not null;
            var entries = history.Entries;
            if (entries.Count > 0 && entries[0].State == RolloutProgress.Submitted && IndexOf(entries[0].EnteredAtUtc) is { } created)
            {
                delivered[created].Add(history.Ticket);
            }

            foreach (var entry in entries)
            {
                facts.InRange |= IndexOf(entry.EnteredAtUtc) is not null;
            }

            RolloutProgress? previous = null;
            DateTimeOffset? lastStageRolloutEntry = null;
            foreach (var entry in history.CompletedEntries)
            {
                var month = IndexOf(entry.EnteredAtUtc);
                switch (previous, entry.State)
                {
                    case (RolloutProgress.InVerification, RolloutProgress.StageRollout or RolloutProgress.Deferred):
                        if (month is { } verified)
                        {
                            passedVerification[verified].Add(history.Ticket);
                        }

                        break;
                    case (RolloutProgress.StageRollout, RolloutProgress.Production):
                        if (month is { } accepted)
                        {
                            passedStageRollout[accepted].Add(history.Ticket);
                        }

                        if (facts.StageRolloutToProduction is null && lastStageRolloutEntry is { } stageRolloutAt)
                        {
                            facts.StageRolloutToProduction = entry.EnteredAtUtc - stageRolloutAt;
                            facts.StageRolloutProductionAtUtc = entry.EnteredAtUtc;
                        }

                        break;
                    case (RolloutProgress.StageRollout, RolloutProgress.Rejected):
                        if (month is { } rejected)
                        {
                            rejectedInStageRollout[rejected].Add(history.Ticket);
                        }

                        break;
                }

                if (entry.State == RolloutProgress.StageRollout)
                {
                    lastStageRolloutEntry = entry.EnteredAtUtc;
                }

                if (entry.State == RolloutProgress.Production)
                {
                    facts.ProductionAtUtc ??= entry.EnteredAtUtc;
                }

                previous = entry.State;
            }

            if (facts.StageRolloutToProduction is { } sr && IndexOf(facts.StageRolloutProductionAtUtc!.Value) is { } srMonth)
            {
                stageRolloutDurations[srMonth].Add(sr);
            }

            if (facts.ProductionToReport is { } pr && IndexOf(facts.ProductionAtUtc!.Value) is { } prMonth)
            {
                reportDurations[prMonth].Add(pr);
            }
        }

        var teamReleases = new Dictionary<(int Month, string Ngi, string Team), HashSet<string>>(TeamKeyComparer.Instance);
        var ngiReleases = new Dictionary<(int Month, string Ngi), (HashSet<string> Tickets, HashSet<string> Teams)>(NgiKeyComparer.Instance);
        // Names are compared ignoring case; rows show each NGI and team as first spelled in the input.
        var ngiNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var teamNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var report in reportList)
        {
            var facts = Facts(releases, report.Ticket);
            var ngiName = ngiNames.TryAdd(report.Ngi, report.Ngi) ? report.Ngi : ngiNames[report.Ngi];
            var teamKey = TeamKey(report.Ngi, report.Team);
            var teamName = teamNames.TryAdd(teamKey, report.Team) ? report.Team : teamNames[teamKey];
            facts.Teams.Add(teamKey);
            if (IndexOf(report.AtUtc) is not { } month)
            {
                continue;
            }

            facts.InRange = true;
            if (!teamReleases.TryGetValue((month, ngiName, teamName), out var tickets))
            {
                tickets = new HashSet<string>(StringComparer.Ordinal);
                teamReleases.Add((month, ngiName, teamName), tickets);
            }

            tickets.Add(report.Ticket);
            if (!ngiReleases.TryGetValue((month, ngiName), out var ngi))
            {
                ngi = (new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.OrdinalIgnoreCase));
                ngiReleases.Add((month, ngiName), ngi);
            }

            ngi.Tickets.Add(report.Ticket);
            ngi.Teams.Add(report.Team);
        }

        var months = new MonthlyReleaseMetrics[monthCount];
        var current = start;
        for (var i = 0; i < monthCount; i++)
        {
            months[i] = new MonthlyReleaseMetrics(
                current,
                delivered[i].Count,
                passedVerification[i].Count,
                passedStageRollout[i].Count,
                passedStageRollout[i].Count,
                rejectedInStageRollout[i].Count,
                DurationSummary.Of(stageRolloutDurations[i]),
                DurationSummary.Of(reportDurations[i]));
            if (i < monthCount - 1)
            {
                current = current.Next();
            }
        }

        var releaseRows = releases.Values
            .Where(r => r.InRange)
            .OrderBy(r => r.Ticket, TicketComparer.Instance)
            .Select(r => new ReleaseMetrics(r.Ticket, r.Teams.Count, r.ProductionAtUtc, r.StageRolloutToProduction, r.ProductionToReport))
            .ToArray();
        var teamRows = teamReleases
            .OrderBy(p => p.Key.Month)
            .ThenBy(p => p.Key.Ngi, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.Key.Team, StringComparer.OrdinalIgnoreCase)
            .Select(p => new TeamMonthlyParticipation(months[p.Key.Month].Month, p.Key.Ngi, p.Key.Team, p.Value.Count))
            .ToArray();
        var ngiRows = ngiReleases
            .OrderBy(p => p.Key.Month)
            .ThenBy(p => p.Key.Ngi, StringComparer.OrdinalIgnoreCase)
            .Select(p => new NgiMonthlyParticipation(months[p.Key.Month].Month, p.Key.Ngi, p.Value.Teams.Count, p.Value.Tickets.Count))
            .ToArray();
        return new ReleaseMetricsReport(start, end, months, releaseRows, teamRows, ngiRows);
    }

    private static (UtcMonth? First, UtcMonth? Last) ResolveRange(
        List<TicketHistory> histories, List<EarlyAdopterReport> reports, UtcMonth? from, UtcMonth? to)
    {
        UtcMonth? min = null;
        UtcMonth? max = null;
        void See(DateTimeOffset instant)
        {
            var month = UtcMonth.Of(instant);
            if (min is not { } lo || month < lo)
            {
                min = month;
            }

            if (max is not { } hi || month > hi)
            {
                max = month;
            }
        }

        if (from is null || to is null)
        {
            foreach (var history in histories)
            {
                foreach (var entry in history.Entries)
                {
                    See(entry.EnteredAtUtc);
                }

                if (history.StageRolloutReportSetAtUtc is { } set)
                {
                    See(set);
                }
            }

            foreach (var report in reports)
            {
                See(report.AtUtc);
            }
        }

        var first = from ?? min;
        var last = to ?? max;
        if (first is { } a && last is { } b && b < a)
        {
            // Only one end was given and the data lies wholly on the other side of it.
            return from is not null ? (a, a) : (b, b);
        }

        return (first ?? last, last ?? first);
    }

    private static HashSet<string>[] NewSets(int count)
    {
        var sets = new HashSet<string>[count];
        for (var i = 0; i < count; i++)
        {
            sets[i] = new HashSet<string>(StringComparer.Ordinal);
        }

        return sets;
    }

    private static List<TimeSpan>[] NewLists(int count)
    {
        var lists = new List<TimeSpan>[count];
        for (var i = 0; i < count; i++)
        {
            lists[i] = [];
        }

        return lists;
    }

    private static ReleaseFacts Facts(Dictionary<string, ReleaseFacts> releases, string ticket)
    {
        if (!releases.TryGetValue(ticket, out var facts))
        {
            facts = new ReleaseFacts(ticket);
            releases.Add(ticket, facts);
        }

        return facts;
    }

    private static string TeamKey(string ngi, string team) => ngi + "\u001f" + team;

    private sealed class ReleaseFacts(string ticket)
    {
        public string Ticket { get; } = ticket;

        public HashSet<string> Teams { get; } = new(StringComparer.OrdinalIgnoreCase);

        public bool InRange { get; set; }

        public DateTimeOffset? ProductionAtUtc { get; set; }

        public DateTimeOffset? StageRolloutProductionAtUtc { get; set; }

        public TimeSpan? StageRolloutToProduction { get; set; }

        public DateTimeOffset? ReportSetAtUtc { get; set; }

        public TimeSpan? ProductionToReport =>
            ProductionAtUtc is { } production && ReportSetAtUtc is { } report ? report - production : null;
    }

    private sealed class TeamKeyComparer : IEqualityComparer<(int Month, string Ngi, string Team)>
    {
        public static readonly TeamKeyComparer Instance = new();

        public bool Equals((int Month, string Ngi, string Team) x, (int Month, string Ngi, string Team) y) =>
            x.Month == y.Month
            && StringComparer.OrdinalIgnoreCase.Equals(x.Ngi, y.Ngi)
            && StringComparer.OrdinalIgnoreCase.Equals(x.Team, y.Team);

        public int GetHashCode((int Month, string Ngi, string Team) obj) =>
            HashCode.Combine(obj.Month, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Ngi), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Team));
    }

    private sealed class NgiKeyComparer : IEqualityComparer<(int Month, string Ngi)>
    {
        public static readonly NgiKeyComparer Instance = new();

        public bool Equals((int Month, string Ngi) x, (int Month, string Ngi) y) =>
            x.Month == y.Month && StringComparer.OrdinalIgnoreCase.Equals(x.Ngi, y.Ngi);

        public int GetHashCode((int Month, string Ngi) obj) =>
            HashCode.Combine(obj.Month, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Ngi));
    }
}
