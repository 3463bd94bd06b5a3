using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SwRel.Repository.Versions;

namespace SwRel.Repository.Tests.Versions;

/// <summary>Laws every comparer keeps: a total order consistent with its own equality, and parse ∘ format = identity.</summary>
public sealed class VersionComparerLawTests
{
    // Small alphabets on purpose: ties and near-ties (leading zeros, separators, '~', '^') come up often.
    private static readonly Gen<string> RpmText =
        from epoch in Gen.Elements("", "0:", "1:", "01:")
        from version in Pieces("0", "1", "01", "10", "a", "b", "ab", "~", "^", ".", "_", "+")
        from release in Gen.Elements("", "-1", "-0", "-1.el7", "-~rc", "-2^x")
        select epoch + version + release;

    private static readonly Gen<string> DebianText =
        from epoch in Gen.Elements("", "0:", "1:", "00:")
        from first in Gen.Elements("0", "1", "00", "10")
        from upstream in Gen.Elements("", "a", "~", ".", "+", ".0", "~~", "b1", "00")
            .ArrayOf().Select(parts => string.Concat(parts.Take(4)))
        from revision in Gen.Elements("", "-0", "-1", "-00", "-a", "-1~", "-1ubuntu1")
        select epoch + first + upstream + revision;

    private static readonly Gen<string> SemVerText =
        from major in Gen.Elements("0", "1", "10")
        from minor in Gen.Elements("0", "2")
        from patch in Gen.Elements("0", "3")
        from prerelease in Gen.Elements("0", "1", "2", "10", "alpha", "beta", "a-b", "-")
            .ArrayOf().Select(ids => ids.Length == 0 ? "" : "-" + string.Join('.', ids.Take(3)))
        from build in Gen.Elements("", "+b", "+001", "+x.y")
        select $"{major}.{minor}.{patch}{prerelease}{build}";

    private static readonly Gen<string> UmdText =
        from major in Gen.Choose(0, 3)
        from minor in Gen.Choose(0, 3)
        from revision in Gen.Choose(0, 3)
        select $"{major}.{minor}.{revision}";

    [Property]
    public Property Rpm_order_is_total_and_consistent_with_its_equality() =>
        Laws(RpmText, RpmVersion.Parse, VersionComparer.Rpm, VersionComparer.Rpm);

    [Property]
    public Property Debian_order_is_total_and_consistent_with_its_equality() =>
        Laws(DebianText, DebianVersion.Parse, VersionComparer.Debian, VersionComparer.Debian);

    [Property]
    public Property SemVer_precedence_is_total_and_consistent_with_its_equality() =>
        Laws(SemVerText, SemanticVersion.Parse, VersionComparer.SemVer, VersionComparer.SemVer);

    [Property]
    public Property Umd_order_is_total_and_consistent_with_its_equality() =>
        Laws(UmdText, UmdVersion.Parse, VersionComparer.Umd, VersionComparer.Umd);

    [Property]
    public Property Rpm_values_order_totally_and_consistently_with_exact_equality() =>
        ValueLaws(RpmText, RpmVersion.Parse);

    [Property]
    public Property Debian_values_order_totally_and_consistently_with_exact_equality() =>
        ValueLaws(DebianText, DebianVersion.Parse);

    [Property]
    public Property SemVer_values_order_totally_and_consistently_with_exact_equality() =>
        ValueLaws(SemVerText, SemanticVersion.Parse);

    [Property]
    public Property Umd_values_order_totally_and_consistently_with_exact_equality() =>
        ValueLaws(UmdText, UmdVersion.Parse);

    [Property]
    public Property Rpm_text_round_trips() => RoundTrip(RpmText, RpmVersion.Parse);

    [Property]
    public Property Debian_text_round_trips() => RoundTrip(DebianText, DebianVersion.Parse);

    [Property]
    public Property SemVer_text_round_trips() => RoundTrip(SemVerText, SemanticVersion.Parse);

    [Property]
    public Property Umd_text_round_trips() => RoundTrip(UmdText, UmdVersion.Parse);

    [Property]
    public Property Rpm_version_fields_are_lexicographic_over_tokens() =>
        Prop.ForAll(
            Pieces("0", "1", "01", "10", "a", "b", "ab", "~", "^", ".", "_").Two().ToArbitrary(),
            pair => VersionComparer.Rpm.CompareField(pair.Item1, pair.Item2) == RpmTokenModel(pair.Item1, pair.Item2));

    [Property]
    public Property Classification_never_accepts_a_version_that_is_not_newer() =>
        Prop.ForAll(
            UmdText.Two().ToArbitrary(),
            pair =>
            {
                var previous = UmdVersion.Parse(pair.Item1);
                var next = UmdVersion.Parse(pair.Item2);
                var result = UmdVersion.Classify(previous, next);
                return (next > previous) == result.IsValid && (result.Kind is null) == (next <= previous);
            });

    private static Gen<string> Pieces(params string[] pieces) =>
        Gen.Elements(pieces).ArrayOf().Select(parts => string.Concat(parts.Take(6))).Where(text => text.Length > 0);

    private static Property Laws<T>(Gen<string> text, Func<string, T> parse, IComparer<T> order, IEqualityComparer<T> equality)
        where T : struct =>
        Prop.ForAll(
            text.Three().ToArbitrary(),
            triple =>
            {
                var (a, b, c) = (parse(triple.Item1), parse(triple.Item2), parse(triple.Item3));
                var ab = order.Compare(a, b);
                var bc = order.Compare(b, c);
                var ac = order.Compare(a, c);
                var scheme = (IVersionSchemeComparer)order;
                return order.Compare(a, a) == 0
                    && ab is -1 or 0 or 1
                    && ab == -order.Compare(b, a)
                    && (ab > 0 || bc > 0 || ac <= 0)
                    && (ab < 0 || bc < 0 || ac >= 0)
                    && equality.Equals(a, b) == (ab == 0)
                    && (ab != 0 || equality.GetHashCode(a) == equality.GetHashCode(b))
                    && scheme.Compare(triple.Item1, triple.Item2) == ab;
            });

    private static Property ValueLaws<T>(Gen<string> text, Func<string, T> parse)
        where T : IComparable<T>, IEquatable<T> =>
        Prop.ForAll(
            text.Three().ToArbitrary(),
            triple =>
            {
                var (a, b, c) = (parse(triple.Item1), parse(triple.Item2), parse(triple.Item3));
                var ab = a.CompareTo(b);
                var bc = b.CompareTo(c);
                var ac = a.CompareTo(c);
                return a.CompareTo(a) == 0
                    && ab == -b.CompareTo(a)
                    && (ab > 0 || bc > 0 || ac <= 0)
                    && (ab < 0 || bc < 0 || ac >= 0)
                    && a.Equals(b) == (ab == 0)
                    && a.Equals(b) == string.Equals(a.ToString(), b.ToString(), StringComparison.Ordinal)
                    && (!a.Equals(b) || a.GetHashCode() == b.GetHashCode());
            });

    private static Property RoundTrip<T>(Gen<string> text, Func<string, T> parse)
        where T : IEquatable<T> =>
        Prop.ForAll(
            text.ToArbitrary(),
            s =>
            {
                var value = parse(s);
                return value.ToString() == s && parse(value.ToString()!).Equals(value);
            });

    // An independent reading of rpmvercmp: split into tokens, compare lexicographically with
    // '~' < end < '^' < letters < digits; digit runs numerically, letter runs ordinally.
    private static int RpmTokenModel(string a, string b)
    {
        var x = Tokens(a);
        var y = Tokens(b);
        for (var i = 0; ; i++)
        {
            var tx = i < x.Count ? x[i] : (Rank: 1, Text: "");
            var ty = i < y.Count ? y[i] : (Rank: 1, Text: "");
            if (tx.Rank != ty.Rank)
            {
                return tx.Rank < ty.Rank ? -1 : 1;
            }

            if (tx.Rank == 1)
            {
                return 0;
            }

            var order = tx.Rank == 4
                ? System.Numerics.BigInteger.Parse("0" + tx.Text).CompareTo(System.Numerics.BigInteger.Parse("0" + ty.Text))
                : string.CompareOrdinal(tx.Text, ty.Text);
            if (order != 0)
            {
                return order < 0 ? -1 : 1;
            }
        }
    }

    private static List<(int Rank, string Text)> Tokens(string text)
    {
        var tokens = new List<(int Rank, string Text)>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '~' || c == '^')
            {
                tokens.Add((c == '~' ? 0 : 2, ""));
                i++;
            }
            else if (char.IsAsciiDigit(c) || char.IsAsciiLetter(c))
            {
                var digits = char.IsAsciiDigit(c);
                var start = i;
                while (i < text.Length && (digits ? char.IsAsciiDigit(text[i]) : char.IsAsciiLetter(text[i])))
                {
                    i++;
                }

                tokens.Add((digits ? 4 : 3, text[start..i]));
            }
            else
            {
                i++;
            }
        }

        return tokens;
    }
}
