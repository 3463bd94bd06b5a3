using SwRel.Fuzz;

namespace SwRel.Fuzz.Tests;

/// <summary>The files the replay tests read: each target's seed corpus and the findings kept from fuzzing, copied beside the tests.</summary>
internal static class FuzzInputs
{
    public const string Corpus = "corpus";

    public const string Findings = "findings";

    public static string Root => Path.Combine(AppContext.BaseDirectory, "fuzz");

    /// <summary>The files of one target in one folder kind, as paths relative to <see cref="Root"/>, in ordinal order.</summary>
    public static IEnumerable<string> Files(string kind, string target)
    {
        var folder = Path.Combine(Root, kind, target);
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Select(f => Path.GetRelativePath(Root, f)).Order(StringComparer.Ordinal)
            : [];
    }

    public static byte[] Read(string relativePath) => File.ReadAllBytes(Path.Combine(Root, relativePath));

    /// <summary>Every (target, file) pair of the corpus and the findings.</summary>
    public static TheoryData<string, string> All()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in FuzzTarget.All)
        {
            foreach (var file in Files(Corpus, target.Name).Concat(Files(Findings, target.Name)))
            {
                data.Add(target.Name, file);
            }
        }

        return data;
    }

    /// <summary>The names of the target folders under one folder kind.</summary>
    public static IEnumerable<string> Folders(string kind)
    {
        var folder = Path.Combine(Root, kind);
        return Directory.Exists(folder) ? Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>() : [];
    }
}
