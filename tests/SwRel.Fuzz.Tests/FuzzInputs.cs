using SwRel.Fuzz;

namespace SwRel.Fuzz.Tests;

/// <summary>The files the replay tests read: each target's seed corpus and the findings kept from fuzzing.</summary>
/// <remarks>
/// They are read where they are in the repository, not copied beside the tests, so that a finding renamed or removed
/// there is never replayed from a stale copy.
/// </remarks>
internal static class FuzzInputs
{
    public const string Corpus = "corpus";

    public const string Findings = "findings";

    public static string Root { get; } = FindRoot();

    /// <summary>The file names of one target in one folder kind, in ordinal order.</summary>
    public static IEnumerable<string> Files(string kind, string target)
    {
        var folder = Path.Combine(Root, kind, target);
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)
            : [];
    }

    public static byte[] Read(string kind, string target, string file) => File.ReadAllBytes(Path.Combine(Root, kind, target, file));

    /// <summary>Every (target, folder kind, file name) of the corpus and the findings; xunit shows each value, so names stay short.</summary>
    public static TheoryData<string, string, string> All()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var target in FuzzTarget.All)
        {
            foreach (var kind in (string[])[Corpus, Findings])
            {
                foreach (var file in Files(kind, target.Name))
                {
                    data.Add(target.Name, kind, file);
                }
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

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (Directory.Exists(Path.Combine(folder.FullName, "fuzz", Corpus)))
            {
                return Path.Combine(folder.FullName, "fuzz");
            }
        }

        throw new DirectoryNotFoundException($"There is no fuzz/{Corpus} folder above {AppContext.BaseDirectory}; the tests replay the repository's fuzz folder.");
    }
}
