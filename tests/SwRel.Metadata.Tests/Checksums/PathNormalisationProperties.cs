using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SwRel.Metadata.Checksums;

namespace SwRel.Metadata.Tests.Checksums;

// SPEC §9: entries that are absolute or contain '..' are refused. The policy keeps an already normal path as it is
// (no split, no copy); these properties hold that shortcut to the segment-by-segment normalisation it replaces.
// Segments are separated by '/' only, and on Windows by '\' too: elsewhere '\' is a character of a name.
public sealed class PathNormalisationProperties
{
    private static (bool Ok, string Normalized) Reference(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split(Path.DirectorySeparatorChar == '/' ? ['/'] : ['/', '\\']))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                return (false, "");
            }

            segments.Add(segment);
        }

        return segments.Count == 0 ? (false, "") : (true, string.Join('/', segments));
    }

    [Property(MaxTest = 3000)]
    public Property A_relative_path_is_normalised_as_segment_by_segment()
    {
        var segment = Gen.Elements("a", "b.c", "d000", "f00001.bin", ".", "..", "", "...", ".x", "x.");
        var separator = Gen.Elements("/", "\\", "//");
        var path =
            from first in segment
            from count in Gen.Choose(0, 5)
            from rest in Gen.ArrayOf(Gen.Zip(separator, segment), count)
            select first + string.Concat(rest.Select(p => p.Item1 + p.Item2));
        return Prop.ForAll(path.Where(p => p.Length > 0 && p[0] is not ('/' or '\\')).ToArbitrary(), (string p) =>
        {
            var ok = ManifestPathPolicy.TryCheckLexically(p, out var normalized, out _, out _);
            var (expectedOk, expected) = Reference(p);
            return ok == expectedOk && (!ok || normalized == expected);
        });
    }

    [Theory]
    [InlineData("d000/f00001.bin")]
    [InlineData("a")]
    public void A_normal_path_is_kept_as_the_same_string(string path)
    {
        Assert.True(ManifestPathPolicy.TryCheckLexically(path, out var normalized, out _, out _));
        Assert.Same(path, normalized);
    }
}
