using System.Security.Cryptography;

namespace SwRel.Repository.Tests.Execution;

/// <summary>A whole tree as data: every folder and every file with a hash of its content, the executor's journal, staging and lock left out.</summary>
internal sealed record TreeSnapshot(SortedDictionary<string, string> Entries)
{
    public static TreeSnapshot Take(string root)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (relative == ".swrel" || relative.StartsWith(".swrel/journal", StringComparison.Ordinal)
                || relative.StartsWith(".swrel/staging", StringComparison.Ordinal) || relative == ".swrel/lock")
            {
                continue;
            }

            entries[relative] = Directory.Exists(path) ? "<dir>" : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        }

        return new TreeSnapshot(entries);
    }

    public bool SameAs(TreeSnapshot other) =>
        Entries.Count == other.Entries.Count && Entries.All(e => other.Entries.TryGetValue(e.Key, out var v) && v == e.Value);

    public override string ToString() => string.Join("\n", Entries.Select(e => $"{e.Key} {e.Value[..Math.Min(8, e.Value.Length)]}"));

    /// <summary>Copies a tree (including the executor's folder, but not its lock file) to a new place.</summary>
    public static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(source, directory)));
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            if (!IsLockFile(source, file))
            {
                File.Copy(file, Path.Combine(destination, Path.GetRelativePath(source, file)));
            }
        }
    }

    /// <summary>
    /// Whether a file is the executor's lock, which holds nothing and is made when a run needs it. It is never to be read:
    /// a process that another test forks inherits the lock until it execs, and .NET refuses to open a file locked elsewhere.
    /// </summary>
    public static bool IsLockFile(string root, string file) =>
        Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/') == ".swrel/lock";
}
