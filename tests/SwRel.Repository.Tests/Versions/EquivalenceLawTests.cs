using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SwRel.Repository.Versions;

namespace SwRel.Repository.Tests.Versions;

/// <summary>
/// Spellings that a scheme sees as the same version must compare as 0, be equal under the comparer and hash alike,
/// while the value types still tell them apart.
/// </summary>
public sealed class EquivalenceLawTests
{
    private static readonly Gen<string[]> Runs =
        Gen.Elements("0", "1", "7", "10", "a", "b", "rc", "el")
            .ArrayOf()
            .Select(runs => runs.Take(5).ToArray())
            .Where(runs => runs.Length > 0);

    // rpm: separators are interchangeable, leading zeros of digit runs do not count, a missing epoch is 0.
    [Property]
    public Property Rpm_spellings_of_one_version_are_equivalent() =>
        Prop.ForAll(
            (from runs in Runs
             from separators in Gen.Elements(".", "_", "+", "..").ArrayOf()
             from zeros in Gen.Elements("", "0", "00").ArrayOf()
             select (runs, separators, zeros)).ToArbitrary(),
            sample =>
            {
                var plain = string.Join('.', sample.runs);
                var variant = "0:" + Spell(sample.runs, sample.separators, sample.zeros);
                return AreEquivalent(RpmVersion.Parse(plain), RpmVersion.Parse(variant), VersionComparer.Rpm)
                    && VersionComparer.Rpm.Compare(plain, variant) == 0;
            });

    // dpkg: leading zeros do not count, a missing epoch is 0, a missing revision equals "0".
    [Property]
    public Property Debian_spellings_of_one_version_are_equivalent() =>
        Prop.ForAll(
            (from runs in Runs
             from zeros in Gen.Elements("", "0", "00").ArrayOf()
             select (runs, zeros)).ToArbitrary(),
            sample =>
            {
                var plain = "1." + string.Join('.', sample.runs);
                var variant = "0:" + "1." + Spell(sample.runs, ["."], sample.zeros) + "-0";
                return AreEquivalent(DebianVersion.Parse(plain), DebianVersion.Parse(variant), VersionComparer.Debian)
                    && VersionComparer.Debian.Compare(plain, variant) == 0;
            });

    // semver.org item 10: build metadata does not count for precedence.
    [Property]
    public Property SemVer_versions_differing_in_build_metadata_are_equivalent() =>
        Prop.ForAll(
            (from core in Gen.Elements("1.0.0", "0.1.2", "1.0.0-rc.1", "2.0.0-alpha.beta.11")
             from build in Gen.Elements("build.1", "001", "exp.sha.5114f85", "x-y")
             select (core, build)).ToArbitrary(),
            sample =>
                AreEquivalent(SemanticVersion.Parse(sample.core), SemanticVersion.Parse(sample.core + "+" + sample.build), VersionComparer.SemVer));

    private static string Spell(string[] runs, string[] separators, string[] zeros)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < runs.Length; i++)
        {
            if (i > 0)
            {
                text.Append(separators.Length == 0 ? "." : separators[i % separators.Length]);
            }

            if (char.IsAsciiDigit(runs[i][0]) && zeros.Length > 0)
            {
                text.Append(zeros[i % zeros.Length]);
            }

            text.Append(runs[i]);
        }

        return text.ToString();
    }

    private static bool AreEquivalent<T>(T a, T b, IEqualityComparer<T> comparer)
        where T : struct, IEquatable<T>, IComparable<T> =>
        ((IComparer<T>)comparer).Compare(a, b) == 0
        && comparer.Equals(a, b)
        && comparer.GetHashCode(a) == comparer.GetHashCode(b)
        && (a.ToString() == b.ToString()) == a.Equals(b)
        && (a.CompareTo(b) == 0) == a.Equals(b);
}
