using System.Collections.Immutable;
using SwRel.IO;

namespace SwRel.Metadata.Checksums;

/// <summary>
/// Lists the regular files of a tree the same way for <see cref="ManifestBuilder"/> and for the verifier's extra
/// files: hidden files included, and nothing read through a symbolic link. A link anywhere in the tree (to a file or
/// a folder, inside the tree or out of it, dangling or not) is not followed but reported as a problem by name; so is a
/// FIFO, socket or device, which is never opened.
/// </summary>
/// <remarks>
/// The walk goes through <see cref="ConfinedRoot"/>: each folder is opened below the root without following a link,
/// so a folder swapped for a link while the tree is read is reported, not followed.
/// </remarks>
internal static class TreeWalker
{
    public static List<TreeFile> ListFiles(string fullRoot, ImmutableArray<ManifestEntryProblem>.Builder problems, CancellationToken cancellationToken)
    {
        var files = new List<TreeFile>();
        using var root = ConfinedRoot.Open(fullRoot);
        var pending = new Stack<string>();
        pending.Push("");
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var folder = pending.Pop();
            List<(string Name, EntryKind Kind)> entries;
            try
            {
                entries = root.List(folder);
            }
            catch (SymbolicLinkException)
            {
                problems.Add(LinkProblem(folder));
                continue;
            }

            foreach (var (name, listedKind) in entries)
            {
                var relative = ConfinedRoot.Join(folder, name);
                var kind = listedKind;
                long length = 0;
                if (kind == EntryKind.File)
                {
                    // The listing tells the kind; the size needs a look of its own, again without following a link.
                    try
                    {
                        kind = root.Stat(relative, out length);
                    }
                    catch (SymbolicLinkException)
                    {
                        kind = EntryKind.SymbolicLink;
                    }
                }

                switch (kind)
                {
                    case EntryKind.File:
                        files.Add(new TreeFile(relative, root.Display(relative), length));
                        break;
                    case EntryKind.Directory:
                        pending.Push(relative);
                        break;
                    case EntryKind.SymbolicLink:
                        problems.Add(LinkProblem(relative));
                        break;
                    case EntryKind.Other:
                        problems.Add(new ManifestEntryProblem(relative, 0, EntryProblemKind.NotRegularFile,
                            "is a FIFO, socket or device, not a regular file; it is never opened."));
                        break;
                    default:
                        // Listed but not there when looked at: removed meanwhile (a name that is not valid UTF-8 already
                        // stopped the listing with an error naming its folder).
                        problems.Add(new ManifestEntryProblem(relative, 0, EntryProblemKind.NotRegularFile,
                            "cannot be looked at by this name (it vanished while the tree was read)."));
                        break;
                }
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        return files;
    }

    private static ManifestEntryProblem LinkProblem(string relative) =>
        new(relative, 0, EntryProblemKind.SymbolicLink, "is a symbolic link; SwRel does not follow links inside the tree, so it is neither hashed nor listed.");
}
