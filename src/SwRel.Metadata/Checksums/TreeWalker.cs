using System.Collections.Immutable;

namespace SwRel.Metadata.Checksums;

/// <summary>
/// Lists the regular files of a tree the same way for <see cref="ManifestBuilder"/> and for the verifier's extra
/// files: hidden files included, links to files inside the tree listed, links to folders not followed (so a link
/// cannot make the walk loop), dangling links skipped, links leading out of the tree reported as problems.
/// </summary>
internal static class TreeWalker
{
    public static List<(string Relative, string Full)> ListFiles(string fullRoot, ImmutableArray<ManifestEntryProblem>.Builder problems, CancellationToken cancellationToken)
    {
        var realRoot = ManifestPathPolicy.ResolveRoot(fullRoot);
        var files = new List<(string Relative, string Full)>();
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(fullRoot));
        var enumeration = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var info in pending.Pop().EnumerateFileSystemInfos("*", enumeration))
            {
                var relative = Path.GetRelativePath(fullRoot, info.FullName).Replace(Path.DirectorySeparatorChar, '/');
                if (info.LinkTarget is not null)
                {
                    var target = ManifestPathPolicy.RealPath(info.FullName);
                    if (target is null || !ManifestPathPolicy.IsWithin(target, realRoot))
                    {
                        problems.Add(new ManifestEntryProblem(relative, 0, EntryProblemKind.EscapesThroughLink, "is a symbolic link leading out of the tree."));
                        continue;
                    }

                    if (!File.Exists(target))
                    {
                        continue;
                    }
                }
                else if (info is DirectoryInfo subdirectory)
                {
                    pending.Push(subdirectory);
                    continue;
                }

                files.Add((relative, info.FullName));
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        return files;
    }
}
