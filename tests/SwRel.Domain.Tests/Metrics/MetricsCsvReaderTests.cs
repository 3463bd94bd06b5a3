using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SwRel.Domain.History;
using SwRel.Domain.Metrics;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tests.Metrics;

public sealed class MetricsCsvReaderTests
{
    private static MetricsReadResult<IReadOnlyList<TicketHistory>> Histories(string csv) =>
        MetricsCsvReader.ReadHistories(new StringReader(csv), "h.csv");

    private static MetricsReadResult<IReadOnlyList<EarlyAdopterReport>> Reports(string csv) =>
        MetricsCsvReader.ReadReports(new StringReader(csv), "r.csv");

    [Fact]
    public void A_histories_file_groups_rows_by_ticket_and_sorts_them_by_time()
    {
        var result = Histories(
            "ticket,event,at_utc,actor\r\n" +
            "7,Unverified,2012-01-02T00:00:00Z,qc\r\n" +
            "8,Submitted,2012-01-01T12:00:00Z,\"Doe, Jane\"\r\n" +
            "7,Submitted,2012-01-01T00:00:00Z,provider\r\n" +
            "7,StageRolloutReport,2012-02-01T00:00:00Z,sr\r\n" +
            "7,stagerolloutreport,2012-01-20T00:00:00Z,sr\r\n");

        Assert.True(result.IsValid);
        var histories = result.Value!;
        Assert.Equal(["7", "8"], histories.Select(h => h.Ticket));
        Assert.Equal([RolloutProgress.Submitted, RolloutProgress.Unverified], histories[0].Entries.Select(e => e.State));
        Assert.Equal(ReleaseMetricsScenarioTests.At("2012-01-20T00:00:00Z"), histories[0].StageRolloutReportSetAtUtc);
        Assert.Equal("Doe, Jane", histories[1].Entries[0].Actor);
        Assert.Null(histories[1].StageRolloutReportSetAtUtc);
    }

    // SPEC §2: every accepted spelling of a state is read, "Accepted" as Production.
    [Fact]
    public void Histories_accept_every_SPEC_spelling_of_a_state()
    {
        var result = Histories(
            "ticket,event,at_utc,actor\n" +
            "1,In verification,2012-01-01T00:00:00Z,qc\n" +
            "1,Stage-Rollout,2012-01-02T00:00:00Z,qc\n" +
            "1,Accepted,2012-01-03T00:00:00Z,sr\n");

        Assert.Equal(
            [RolloutProgress.InVerification, RolloutProgress.StageRollout, RolloutProgress.Production],
            result.Value!.Single().Entries.Select(e => e.State));
    }

    [Fact]
    public void Columns_may_come_in_any_order_with_extra_columns_ignored()
    {
        var result = Histories(
            "Actor,note,AT_UTC,Event,Ticket\n" +
            "qc,anything,2012-01-01T00:00:00Z,Submitted,3\n");

        var entry = Assert.Single(Assert.Single(result.Value!).Entries);
        Assert.Equal(RolloutProgress.Submitted, entry.State);
        Assert.Equal("qc", entry.Actor);
    }

    [Fact]
    public void A_timestamp_with_an_offset_is_converted_to_UTC()
    {
        var result = Histories("ticket,event,at_utc,actor\n1,Submitted,2012-03-01T01:00:00.5+02:00,p\n");

        var at = Assert.Single(Assert.Single(result.Value!).Entries).EnteredAtUtc;
        Assert.Equal(new DateTimeOffset(2012, 2, 29, 23, 0, 0, 500, TimeSpan.Zero), at);
        Assert.Equal(TimeSpan.Zero, at.Offset);
    }

    [Theory]
    [InlineData("2012-01-01T00:00:00Z", "2012-01-01T00:00:00Z")]
    [InlineData("2012-01-01T00:00:00.1234567Z", "2012-01-01T00:00:00.1234567Z")]
    [InlineData("2012-01-01T00:00Z", "2012-01-01T00:00:00Z")]
    [InlineData("2012-01-01T00:00:00z", "2012-01-01T00:00:00Z")]
    [InlineData("2012-01-01T00:00:00-05:30", "2012-01-01T05:30:00Z")]
    [InlineData("2012-01-01T02:00:00+0200", "2012-01-01T00:00:00Z")]
    public void Timestamps_in_ISO_8601_with_an_offset_are_read(string text, string utc)
    {
        var result = Histories($"ticket,event,at_utc,actor\n1,Submitted,{text},p\n");

        Assert.Equal(ReleaseMetricsScenarioTests.At(utc), Assert.Single(Assert.Single(result.Value!).Entries).EnteredAtUtc);
    }

    [Theory]
    [InlineData("2012-01-01T00:00:00", "no UTC offset")]
    [InlineData("2012-01-01", "no UTC offset")]
    [InlineData("2012-01-01 00:00:00Z", "not an ISO 8601 timestamp")]
    [InlineData("2012-01-01T00:00:00+2", "not an ISO 8601 timestamp")]
    [InlineData("2012-01-01T25:00:00Z", "not an ISO 8601 timestamp")]
    [InlineData("01/02/2012 10:00 +00:00", "not an ISO 8601 timestamp")]
    public void Other_timestamps_are_refused_with_the_reason(string text, string reason)
    {
        var error = Assert.Single(Histories($"ticket,event,at_utc,actor\n1,Submitted,{text},p\n").Errors);

        Assert.Equal(2, error.Line);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    // Every problem is reported, each with its file and line, in input order.
    [Fact]
    public void Every_bad_history_row_is_reported_with_its_line()
    {
        var result = Histories(
            "ticket,event,at_utc,actor\n" +
            "1,Verified,2012-01-01T00:00:00Z,qc\n" +
            "1,Submitted,2012-01-01T00:00:00,qc\n" +
            "1,Submitted,2012-02-30T00:00:00Z,qc\n" +
            ",Submitted,2012-01-01T00:00:00Z,qc\n" +
            "1,Submitted,2012-01-01T00:00:00Z\n" +
            "1,,2012-01-01T00:00:00Z,qc\n");

        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Equal([2, 3, 4, 5, 6, 7], result.Errors.Select(e => e.Line));
        Assert.All(result.Errors, e => Assert.Equal("h.csv", e.Source));
        Assert.Contains("'Verified'", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("no UTC offset", result.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("not an ISO 8601 timestamp", result.Errors[2].Message, StringComparison.Ordinal);
        Assert.Contains("ticket is empty", result.Errors[3].Message, StringComparison.Ordinal);
        Assert.Contains("3 fields", result.Errors[4].Message, StringComparison.Ordinal);
        Assert.Contains("event is empty", result.Errors[5].Message, StringComparison.Ordinal);
        Assert.StartsWith("h.csv:2: ", result.Errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_CSV_is_reported_at_the_line_of_the_fault()
    {
        var result = Histories(
            "ticket,event,at_utc,actor\n" +
            "1,Submitted,2012-01-01T00:00:00Z,qc\n" +
            "1,Unverified,2012-01-02T00:00:00Z,q\"c\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.StartsWith("malformed CSV (column actor): a quote inside an unquoted field", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ticket,state,entered_at_utc,actor\n1,Submitted,2012-01-01T00:00:00Z,qc\n")]
    public void A_file_without_the_header_is_refused_at_line_1(string csv)
    {
        var error = Assert.Single(Histories(csv).Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("ticket,event,at_utc,actor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_with_only_a_header_has_no_histories() =>
        Assert.Empty(Histories("ticket,event,at_utc,actor\n").Value!);

    [Fact]
    public void A_reports_file_reads_outcomes_in_any_case()
    {
        var result = Reports(
            "ticket,team,ngi,outcome,at\n" +
            "7,TeamA,NGI_IT,accept,2012-01-01T00:00:00Z\n" +
            "7, TeamB ,NGI_IT,REJECT,2012-01-02T00:00Z\n");

        var reports = result.Value!;
        Assert.Equal([EarlyAdopterOutcome.Accept, EarlyAdopterOutcome.Reject], reports.Select(r => r.Outcome));
        Assert.Equal("TeamB", reports[1].Team);
    }

    [Fact]
    public void Every_bad_report_row_is_reported_with_its_line()
    {
        var result = Reports(
            "ticket,team,ngi,outcome,at\n" +
            "7,TeamA,NGI_IT,Maybe,2012-01-01T00:00:00Z\n" +
            "7,,NGI_IT,Accept,2012-01-01T00:00:00Z\n" +
            "7,TeamA,NGI_IT,Accept,yesterday\n");

        Assert.Equal([2, 3, 4], result.Errors.Select(e => e.Line));
        Assert.Contains("Accept or Reject", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("team is empty", result.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("'yesterday'", result.Errors[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_are_listed_up_to_one_hundred_and_the_rest_counted()
    {
        var csv = "ticket,event,at_utc,actor\n" + string.Concat(Enumerable.Repeat("1,Nope,2012-01-01T00:00:00Z,qc\n", 500));

        var errors = Histories(csv).Errors;

        Assert.Equal(101, errors.Count);
        Assert.Equal("… and 400 more problems (only the first 100 are listed)", errors[^1].Message);
        Assert.Equal(501, errors[^1].Line);
    }

    private static readonly string[] s_names = ["a", "Doe, Jane", "say \"hi\"", "x\ny", "  "];

    private static Arbitrary<TicketHistory[]> HistoryFiles() =>
        (from count in Gen.Choose(0, 5)
         from tickets in Gen.Choose(1, 9999).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ArrayOf(count)
         from histories in Gen.CollectToArray(tickets.Distinct().Select(HistoryOf))
         select histories).ToArbitrary();

    private static Gen<TicketHistory> HistoryOf(string ticket) =>
        from entries in (from state in Gen.Elements(RolloutProgressText.All.ToArray())
                         from ticks in Gen.Choose(0, int.MaxValue)
                         from actor in Gen.Elements(s_names)
                         select new StateHistoryEntry(state, new DateTimeOffset(2010, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(ticks * 1_000L + 7), actor)).ListOf()
        from hasReport in Gen.Elements(true, false)
        from minutes in Gen.Choose(0, 1000)
        select new TicketHistory(ticket, entries, hasReport ? new DateTimeOffset(2011, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(minutes) : null);

    // Laws: reading what the writer wrote gives back the same histories (parse . write = identity).
    [Property(MaxTest = 200)]
    public Property Reading_written_histories_gives_them_back() =>
        Prop.ForAll(HistoryFiles(), histories =>
        {
            using var writer = new StringWriter();
            MetricsCsvWriter.WriteHistories(histories, writer);
            var back = Histories(writer.ToString()).Value!;

            // A ticket with neither entries nor a report time writes no rows, so it cannot come back.
            var expected = histories.Where(h => h.Entries.Count > 0 || h.StageRolloutReportSetAtUtc is not null).ToArray();
            return back.Count == expected.Length
                && back.Zip(expected).All(p =>
                    p.First.Ticket == p.Second.Ticket
                    && p.First.StageRolloutReportSetAtUtc == p.Second.StageRolloutReportSetAtUtc
                    && p.First.Entries.Select(e => (e.State, e.EnteredAtUtc, e.Actor.Trim()))
                        .SequenceEqual(p.Second.Entries.Select(e => (e.State, e.EnteredAtUtc, e.Actor.Trim()))));
        });

    [Property(MaxTest = 200)]
    public Property Reading_written_reports_gives_them_back() =>
        Prop.ForAll(
            (from ticket in Gen.Choose(1, 99)
             from team in Gen.Elements("TeamA", "Doe, Jane", "say \"hi\"")
             from ngi in Gen.Elements("NGI_IT", "NGI,DE")
             from outcome in Gen.Elements(EarlyAdopterOutcome.Accept, EarlyAdopterOutcome.Reject)
             from ticks in Gen.Choose(0, int.MaxValue)
             select new EarlyAdopterReport(ticket.ToString(System.Globalization.CultureInfo.InvariantCulture), team, ngi, outcome,
                 new DateTimeOffset(2012, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(ticks * 3_000L))).ListOf().ToArbitrary(),
            reports =>
            {
                using var writer = new StringWriter();
                MetricsCsvWriter.WriteReports(reports, writer);
                return Reports(writer.ToString()).Value!.SequenceEqual(reports);
            });
}
