using System.Buffers;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Execution;

/// <summary>
/// The tree one run works on: its root and the file system below it, with the reads and the journalled folder
/// creation that every step kind shares.
/// </summary>
internal sealed class RepositoryTree
{
    public RepositoryTree(IFileSystem fileSystem, string root)
    {
        FileSystem = fileSystem;
        Root = root;
    }

    /// <summary>Gets the file system, which resolves every path below <see cref="Root"/> and nowhere else.</summary>
    public IFileSystem FileSystem { get; }

    /// <summary>Gets the repository root, a full local path.</summary>
    public string Root { get; }

    /// <summary>Returns the full local path of a repository path.</summary>
    public string Local(RepositoryPath path) => path.ToLocalPath(Root);

    /// <summary>Returns the full local path of a file given relative to a folder with <c>/</c> separators.</summary>
    public static string Below(string folder, string relative) => Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Returns whether <paramref name="inner"/> is <paramref name="outer"/> or lies below it.</summary>
    public static bool Within(RepositoryPath inner, RepositoryPath outer) =>
        inner.Value == outer.Value || inner.Value.StartsWith(outer.Value + "/", StringComparison.Ordinal);

    public bool Exists(string path) => FileSystem.DirectoryExists(path) || FileSystem.FileExists(path);

    /// <summary>Returns the conflicts of a copy that found some, as repository paths of the step at <paramref name="index"/>.</summary>
    public IEnumerable<PlanConflict> Conflicts(int index, TreeCopy copy) =>
        copy.Kind == TreeCopyKind.Conflict
            ? copy.Conflicts.Select(c => new PlanConflict(index, ToRepositoryPath(c.Path), c.Reason))
            : [];

    public bool SameContent(string path, ReadOnlySpan<byte> content)
    {
        if (FileSystem.FileLength(path) != content.Length)
        {
            return false;
        }

        using var stream = FileSystem.OpenRead(path);
        var buffer = new byte[content.Length];
        stream.ReadExactly(buffer);
        return content.SequenceEqual(buffer);
    }

    public bool SameContent(string left, string right)
    {
        if (FileSystem.FileLength(left) != FileSystem.FileLength(right))
        {
            return false;
        }

        const int size = 81920;
        var a = ArrayPool<byte>.Shared.Rent(size);
        var b = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            using var x = FileSystem.OpenRead(left);
            using var y = FileSystem.OpenRead(right);
            while (true)
            {
                var read = x.ReadAtLeast(a.AsSpan(0, size), size, throwOnEndOfStream: false);
                var other = y.ReadAtLeast(b.AsSpan(0, size), size, throwOnEndOfStream: false);
                if (read != other || !a.AsSpan(0, read).SequenceEqual(b.AsSpan(0, other)))
                {
                    return false;
                }

                if (read < size)
                {
                    return true;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(a);
            ArrayPool<byte>.Shared.Return(b);
        }
    }

    /// <summary>Records, then creates, the missing parent folders of each target, and records the targets themselves.</summary>
    public void CreateWithParents(Journal journal, IReadOnlyList<string> targets, bool directory)
    {
        var created = new List<string>();
        var missing = new HashSet<string>(StringComparer.Ordinal);
        var parents = new List<string>();
        foreach (var target in targets)
        {
            var parent = Path.GetDirectoryName(target)!;
            string? topmost = null;
            for (var current = parent;
                current.Length > Root.Length && !missing.Contains(current) && !FileSystem.DirectoryExists(current);
                current = Path.GetDirectoryName(current)!)
            {
                if (FileSystem.FileExists(current))
                {
                    throw new IOException($"'{current}' is a file where a folder is needed.");
                }

                topmost = current;
            }

            if (topmost is not null)
            {
                created.Add(topmost);
                for (var current = parent; current.Length >= topmost.Length; current = Path.GetDirectoryName(current)!)
                {
                    missing.Add(current);
                }

                parents.Add(parent);
            }
            else if (missing.Contains(parent))
            {
                parents.Add(parent);
            }
        }

        created.AddRange(targets);
        journal.RecordCreate(created);
        foreach (var parent in parents.Distinct(StringComparer.Ordinal))
        {
            FileSystem.CreateDirectory(parent);
        }

        if (directory)
        {
            foreach (var target in targets)
            {
                FileSystem.CreateDirectory(target);
            }
        }
    }

    private RepositoryPath ToRepositoryPath(string fullPath) =>
        RepositoryPath.TryParse(Path.GetRelativePath(Root, fullPath).Replace(Path.DirectorySeparatorChar, '/'), out var path, out _)
            ? path
            : RepositoryPath.Root;
}
