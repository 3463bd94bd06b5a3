using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SwRel.Domain.Metrics;

namespace SwRel.Domain.Tests.Metrics;

public sealed class UtcMonthTests
{
    [Theory]
    [InlineData("2012-03", 2012, 3)]
    [InlineData("0001-01", 1, 1)]
    [InlineData("9999-12", 9999, 12)]
    public void A_month_parses_from_YYYY_MM(string text, int year, int month)
    {
        var parsed = UtcMonth.Parse(text);

        Assert.Equal(year, parsed.Year);
        Assert.Equal(month, parsed.Month);
        Assert.Equal(text, parsed.ToString());
    }

    [Theory]
    [InlineData("2012-13")]
    [InlineData("2012-00")]
    [InlineData("0000-05")]
    [InlineData("2012-3")]
    [InlineData("2012/03")]
    [InlineData("12-03")]
    [InlineData("2012-03-01")]
    [InlineData("２０１２-03")]
    [InlineData("")]
    public void A_malformed_month_is_refused_with_the_text_named(string text)
    {
        Assert.False(UtcMonth.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => UtcMonth.Parse(text));
        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }

    // SPEC §7: "Months are calendar months in UTC."
    [Theory]
    [InlineData("2012-03-31T23:59:59.9999999Z", "2012-03")]
    [InlineData("2012-04-01T00:00:00Z", "2012-04")]
    [InlineData("2012-04-01T01:59:59+02:00", "2012-03")]
    [InlineData("2012-03-31T22:00:00-03:00", "2012-04")]
    [InlineData("2012-12-31T23:00:00-01:00", "2013-01")]
    public void An_instant_belongs_to_its_UTC_calendar_month(string instant, string month) =>
        Assert.Equal(month, UtcMonth.Of(ReleaseMetricsScenarioTests.At(instant)).ToString());

    [Fact]
    public void December_is_followed_by_January_of_the_next_year() =>
        Assert.Equal(UtcMonth.Create(2013, 1), UtcMonth.Create(2012, 12).Next());

    [Fact]
    public void The_last_representable_month_has_no_next()
    {
        var last = UtcMonth.Create(9999, 12);

        Assert.Throws<InvalidOperationException>(() => last.Next());
        Assert.Equal(DateTimeOffset.MaxValue, last.EndUtc);
    }

    private static Arbitrary<UtcMonth> Months() =>
        Gen.Choose(1, 9999).SelectMany(y => Gen.Choose(1, 12).Select(m => UtcMonth.Create(y, m))).ToArbitrary();

    [Property]
    public Property Parse_of_ToString_is_identity() =>
        Prop.ForAll(Months(), m => UtcMonth.Parse(m.ToString()) == m);

    [Property]
    public Property A_month_contains_its_own_start_and_the_instant_before_its_end() =>
        Prop.ForAll(Months(), m =>
            UtcMonth.Of(m.StartUtc) == m && UtcMonth.Of(m.EndUtc.AddTicks(-1)) == m);

    [Property]
    public Property Order_agrees_with_the_text_order() =>
        Prop.ForAll(Months(), Months(), (a, b) =>
            Math.Sign(a.CompareTo(b)) == Math.Sign(string.CompareOrdinal(a.ToString(), b.ToString()))
            && (a < b) == (a.CompareTo(b) < 0)
            && a.MonthsSince(b) == -b.MonthsSince(a));
}
