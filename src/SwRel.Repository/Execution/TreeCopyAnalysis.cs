using System.Collections.Immutable;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Execution;

/// <summary>
/// Works out, before anything changes, what copying one folder of the tree into another would do: which files to
/// bring over, whether the destination already holds them, or which names conflict.
/// </summary>
internal sealed class TreeCopyAnalysis
{
    private readonly RepositoryTree _tree;

    public TreeCopyAnalysis(RepositoryTree tree) => _tree = tree;

    /// <summary>Gets the tree the copies are worked out in.</summary>
    public RepositoryTree Tree => _tree;

    /// <summary>
    /// Works out a copy of <paramref name="source"/> into <paramref name="destination"/>; files whose first segment is
    /// <paramref name="promote"/> <see cref="PromoteStep.Excludes(string)">excludes</see> are left out of everything (the copy,
    /// the conflicts and the already-applied check); a publish (<paramref name="promote"/> <see langword="null"/>) leaves out nothing.
    /// </summary>
    public TreeCopy Analyse(RepositoryPath source, RepositoryPath destination, bool merge, PromoteStep? promote)
    {
        var fileSystem = _tree.FileSystem;
        var sourcePath = _tree.Local(source);
        var destinationPath = _tree.Local(destination);
        if (!fileSystem.DirectoryExists(sourcePath))
        {
            return _tree.Exists(destinationPath)
                ? new TreeCopy(TreeCopyKind.AlreadyThere, [], true, [])
                : new TreeCopy(TreeCopyKind.SourceMissing, [], false, []);
        }

        var listed = fileSystem.ListFilesRecursively(sourcePath);
        var files = promote is null ? listed : listed.Where(f => !promote.Excludes(f)).ToArray();
        var excluded = listed.Count - files.Count;
        if (fileSystem.FileExists(destinationPath))
        {
            return Conflict(destinationPath, "a file of that name exists where the release's folder goes");
        }

        if (!fileSystem.DirectoryExists(destinationPath))
        {
            return new TreeCopy(TreeCopyKind.Copy, [.. files], false, []) { Excluded = excluded };
        }

        if (!merge)
        {
            // Later steps of the same plan add to the release's folder (its repo file, an index), so an
            // applied plan finds every source file there, identical, beside a few more.
            var same = files.All(f =>
            {
                var target = RepositoryTree.Below(destinationPath, f);
                return fileSystem.FileExists(target) && _tree.SameContent(RepositoryTree.Below(sourcePath, f), target);
            });
            return same
                ? new TreeCopy(TreeCopyKind.AlreadyThere, [], true, [])
                : Conflict(destinationPath, "the destination exists with other content and this step does not merge");
        }

        var conflicts = ImmutableArray.CreateBuilder<(string, string)>();
        var copies = ImmutableArray.CreateBuilder<string>();
        foreach (var file in files)
        {
            var target = RepositoryTree.Below(destinationPath, file);
            var blocker = FileOnTheWay(destinationPath, target);
            if (blocker is not null)
            {
                conflicts.Add((blocker, "a file of that name exists where a folder is needed"));
            }
            else if (fileSystem.DirectoryExists(target))
            {
                conflicts.Add((target, "a folder of that name exists"));
            }
            else if (!fileSystem.FileExists(target))
            {
                copies.Add(file);
            }
            else if (!_tree.SameContent(RepositoryTree.Below(sourcePath, file), target))
            {
                conflicts.Add((target, "a file of the same name with other content exists"));
            }
        }

        if (conflicts.Count > 0)
        {
            return new TreeCopy(TreeCopyKind.Conflict, [], true, conflicts.DrainToImmutable().Distinct().ToImmutableArray());
        }

        return copies.Count == 0
            ? new TreeCopy(TreeCopyKind.AlreadyThere, [], true, [])
            : new TreeCopy(TreeCopyKind.Copy, copies.ToImmutable(), true, []) { Excluded = excluded };
    }

    private static TreeCopy Conflict(string path, string reason) => new(TreeCopyKind.Conflict, [], true, [(path, reason)]);

    private string? FileOnTheWay(string destination, string target)
    {
        for (var current = Path.GetDirectoryName(target)!; current.Length > destination.Length; current = Path.GetDirectoryName(current)!)
        {
            if (_tree.FileSystem.FileExists(current))
            {
                return current;
            }
        }

        return null;
    }
}
