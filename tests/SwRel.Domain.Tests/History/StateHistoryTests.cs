using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using SwRel.Domain.History;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tests.History;

public sealed class StateHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static Gen<string> Actors =>
        Gen.OneOf(
            Gen.Elements("alice", "Ülrich Größ", "a,b", "say \"hi\"", "line\r\nbreak", "lf\nonly", "", " ", "李雷", "cr\r"),
            ArbMap.Default.GeneratorFor<string>().Where(s => s is not null));

    private static Gen<StateHistory> Histories =>
        from states in Gen.ListOf(Gen.Elements(Enum.GetValues<RolloutProgress>()))
        from gaps in Gen.ArrayOf(Gen.Choose(0, int.MaxValue), states.Count)
        from actors in Gen.ArrayOf(Actors, states.Count)
        select StateHistory.Create(states.Select((s, i) =>
            new StateHistoryEntry(s, T0.AddTicks(gaps.Take(i + 1).Sum(g => (long)g) * 997), actors[i])));

    // SPEC §5: "The history serialises to a CSV custom-field value and back without loss: header
    // state,entered_at_utc,actor, RFC 4180 quoting, timestamps ISO 8601 with Z and full precision."
    [Property(MaxTest = 300)]
    public Property The_CSV_form_round_trips_any_history() =>
        Prop.ForAll(Histories.ToArbitrary(), history =>
        {
            var csv = history.ToCsv();
            return (StateHistory.TryParse(csv, out var back, out var error) && back.Entries.SequenceEqual(history.Entries))
                .Label($"{error}\n{csv}");
        });

    [Fact]
    public void The_CSV_form_has_the_SPEC_header_and_full_precision_UTC_times()
    {
        var history = StateHistory.Empty
            .Append(new(RolloutProgress.Submitted, T0.AddTicks(1234567), "provider"))
            .Append(new(RolloutProgress.Unverified, T0.AddHours(1), "qc, team"));
        Assert.Equal(
            "state,entered_at_utc,actor\r\n" +
            "Submitted,2024-03-01T09:00:00.1234567Z,provider\r\n" +
            "Unverified,2024-03-01T10:00:00.0000000Z,\"qc, team\"\r\n",
            history.ToCsv());
    }

    [Theory]
    [InlineData("state,at,actor\r\n", "line 1: the header")]
    [InlineData("state,entered_at_utc,actor\r\nSubmitted,2024-03-01T09:00:00Z\r\n", "line 2: expected 3 fields")]
    [InlineData("state,entered_at_utc,actor\r\nVerified,2024-03-01T09:00:00Z,a\r\n", "line 2, state: 'Verified' is not")]
    [InlineData("state,entered_at_utc,actor\r\nSubmitted,2024-03-01 09:00,a\r\n", "line 2: '2024-03-01 09:00' is not an ISO 8601")]
    [InlineData("state,entered_at_utc,actor\r\nSubmitted,2024-03-02T09:00:00Z,a\r\nUnverified,2024-03-01T09:00:00Z,b\r\n", "line 3: Unverified was entered")]
    [InlineData("state,entered_at_utc,actor\r\nSubmitted,2024-03-01T09:00:00Z,\"open\r\n", "line 3, field 3: a quoted field")]
    public void Malformed_CSV_is_refused_with_the_line_and_the_problem(string csv, string expected)
    {
        Assert.False(StateHistory.TryParse(csv, out _, out var error));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    // SPEC §5: "From it: time spent in each state, the current state's open duration (via
    // TimeProvider), the ordered path."
    [Fact]
    public void Durations_come_from_consecutive_entries_and_the_clock()
    {
        var history = StateHistory.Create(
        [
            new(RolloutProgress.Submitted, T0, "p"),
            new(RolloutProgress.Unverified, T0.AddHours(1), "r"),
            new(RolloutProgress.InVerification, T0.AddHours(3), "q"),
            new(RolloutProgress.WaitingForResponse, T0.AddHours(4), "q"),
            new(RolloutProgress.InVerification, T0.AddHours(10), "q"),
        ]);
        var clock = new FakeTimeProvider(T0.AddHours(12));

        var times = history.TimeInEachState(clock);
        Assert.Equal(TimeSpan.FromHours(1), times[RolloutProgress.Submitted]);
        Assert.Equal(TimeSpan.FromHours(2), times[RolloutProgress.Unverified]);
        Assert.Equal(TimeSpan.FromHours(3), times[RolloutProgress.InVerification]);
        Assert.Equal(TimeSpan.FromHours(6), times[RolloutProgress.WaitingForResponse]);
        Assert.Equal(TimeSpan.FromHours(2), history.CurrentOpenDuration(clock));
        Assert.Equal(
            [RolloutProgress.Submitted, RolloutProgress.Unverified, RolloutProgress.InVerification, RolloutProgress.WaitingForResponse, RolloutProgress.InVerification],
            history.Path.ToArray());
    }

    [Fact]
    public void An_entry_older_than_the_latest_is_refused()
    {
        var history = StateHistory.Empty.Append(new(RolloutProgress.Submitted, T0, "p"));
        Assert.Throws<ArgumentException>(() => history.Append(new(RolloutProgress.Unverified, T0.AddTicks(-1), "r")));
    }

    [Theory]
    [InlineData(" Production")]
    [InlineData("Stage Rollout")]
    public void A_state_with_white_space_is_refused_with_its_line(string state)
    {
        var csv = $"state,entered_at_utc,actor\r\n{state},2024-03-01T09:00:00Z,a\r\n";

        Assert.False(StateHistory.TryParse(csv, out _, out var error));
        Assert.StartsWith($"line 2, state: '{state}' is not a RolloutProgress state (white space", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_history_over_the_limit_is_refused_before_it_is_read()
    {
        var csv = StateHistory.CsvHeader + "\r\n" + new string('\n', StateHistory.MaxCsvLength);

        Assert.False(StateHistory.TryParse(csv, out _, out var error));
        Assert.Equal("the history is 1,048,604 characters; a state history may be at most 1,048,576.", error);
    }

    [Fact]
    public void A_field_over_the_limit_is_refused_with_its_line_and_field()
    {
        var csv = $"state,entered_at_utc,actor\r\nSubmitted,2024-03-01T09:00:00Z,{new string('a', 70_000)}\r\n";

        Assert.False(StateHistory.TryParse(csv, out _, out var error));
        Assert.Equal("line 2, field 3: the field is longer than 65,536 characters.", error);
    }
}
