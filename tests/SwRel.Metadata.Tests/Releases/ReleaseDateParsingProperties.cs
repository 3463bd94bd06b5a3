using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SwRel.Metadata.Releases;

namespace SwRel.Metadata.Tests.Releases;

// SPEC §8: ISODate is a real date written yyyyMMdd. The reader parses it by hand (it is on every descriptor's path);
// these properties hold it to exactly what DateOnly.TryParseExact("yyyyMMdd", invariant culture) accepts.
public sealed class ReleaseDateParsingProperties
{
    private static DateOnly? Reference(string text) =>
        DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    [Property(MaxTest = 2000)]
    public Property Eight_characters_near_a_date_parse_as_the_framework_parses_them()
    {
        var chars = Gen.Elements("0123456789012345678901234567890123456789 -+/\u0660\u0661x".ToCharArray());
        var text = Gen.ArrayOf(chars, 8).Select(c => new string(c));
        return Prop.ForAll(text.ToArbitrary(), s => ReleaseContentChecks.ParseDate(s) == Reference(s));
    }

    [Property(MaxTest = 2000)]
    public Property Every_day_and_its_neighbours_parse_as_the_framework_parses_them()
    {
        var texts =
            from year in Gen.Choose(0, 9999)
            from month in Gen.Choose(0, 13)
            from day in Gen.Choose(0, 32)
            select $"{year:D4}{month:D2}{day:D2}";
        return Prop.ForAll(texts.ToArbitrary(), s => ReleaseContentChecks.ParseDate(s) == Reference(s));
    }

    [Theory]
    [InlineData("20240229", true)]
    [InlineData("20230229", false)]
    [InlineData("00010101", true)]
    [InlineData("00000101", false)]
    [InlineData("99991231", true)]
    [InlineData(" 2018030", false)]
    [InlineData("2018035", false)]
    public void Leap_days_and_the_ends_of_the_range_are_judged_like_the_framework(string text, bool valid)
    {
        Assert.Equal(valid, ReleaseContentChecks.ParseDate(text) is not null);
        Assert.Equal(Reference(text), ReleaseContentChecks.ParseDate(text));
    }
}
