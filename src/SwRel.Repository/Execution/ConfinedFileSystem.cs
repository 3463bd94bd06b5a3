using SwRel.IO;

namespace SwRel.Repository.Execution;

/// <summary>The real disk below one repository root, reached only through <see cref="ConfinedRoot"/>: no path is resolved through a link.</summary>
/// <remarks>
/// Paths are full paths below the root (the executor's own); one outside it is a bug and is refused. A link or a
/// FIFO, socket or device met on the way, or as the entry itself, is refused with a message naming it, so that the
/// executor rolls back instead of acting on it. Files are flushed to the disk (fsync) before a write or copy
/// returns; copies and linked files are read-only. Thread-safe; dispose to close the root's handle.
/// </remarks>
internal sealed class ConfinedFileSystem : IFileSystem, IDisposable
{
    private const int BufferSize = 81920;

    private readonly ConfinedRoot _root;
    private readonly string _prefix;

    /// <exception cref="DirectoryNotFoundException">The root does not exist or is not a folder.</exception>
    public ConfinedFileSystem(string root)
    {
        _root = ConfinedRoot.Open(root);
        _prefix = Path.EndsInDirectorySeparator(_root.FullPath) ? _root.FullPath : _root.FullPath + Path.DirectorySeparatorChar;
    }

    public bool FileExists(string path) => Kind(path, out _) == EntryKind.File;

    public bool DirectoryExists(string path) => Kind(path, out _) == EntryKind.Directory;

    public IReadOnlyList<string> ListFilesRecursively(string directory)
    {
        var files = new List<string>();
        var start = Relative(directory);
        if (Kind(directory, out _) != EntryKind.Directory)
        {
            return files;
        }

        foreach (var (relative, kind) in _root.EnumerateTree(start))
        {
            switch (kind)
            {
                case EntryKind.Directory:
                    break;
                case EntryKind.File:
                    files.Add(relative);
                    break;
                default:
                    throw Refuse(ConfinedRoot.Join(start, relative), kind);
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    public IReadOnlyList<string> ListDirectories(string directory) =>
        [.. _root.List(Relative(directory)).Where(e => e.Kind == EntryKind.Directory).Select(e => e.Name)];

    // Everything that is not a folder counts, so that a folder holding only a link is not taken for empty.
    public IReadOnlyList<string> ListFiles(string directory) =>
        [.. _root.List(Relative(directory)).Where(e => e.Kind != EntryKind.Directory).Select(e => e.Name)];

    public long FileLength(string path) =>
        Kind(path, out var length) == EntryKind.File ? length : throw new FileNotFoundException($"'{path}' is not a file.", path);

    // Unbuffered (bufferSize 0): every caller reads in large chunks of its own.
    public Stream OpenRead(string path) => new FileStream(_root.OpenRead(Relative(path)), FileAccess.Read, bufferSize: 0);

    public void CreateDirectory(string path) => _root.CreateDirectory(Relative(path));

    public void WriteNewFile(string path, ReadOnlySpan<byte> content)
    {
        using var stream = new FileStream(_root.CreateNew(Relative(path)), FileAccess.Write, bufferSize: 0);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    public void CopyFile(string source, string destination)
    {
        using var input = OpenRead(source);
        using var output = new FileStream(_root.CreateNew(Relative(destination)), FileAccess.Write, bufferSize: 0);
        input.CopyTo(output, BufferSize);
        ConfinedRoot.TryMakeReadOnly(output.SafeFileHandle);
        output.Flush(flushToDisk: true);
    }

    public bool TryLinkFile(string source, string destination)
    {
        using var file = _root.OpenRead(Relative(source));

        // Read-only before the second name appears, so that the shared file is never writable through a published name.
        return ConfinedRoot.TryMakeReadOnly(file) && _root.TryLink(file, Relative(destination));
    }

    public void Move(string source, string destination) => _root.Rename(Relative(source), Relative(destination));

    public void DeleteFile(string path) => _root.DeleteFile(Relative(path));

    public void DeleteDirectory(string path) => _root.DeleteTree(Relative(path));

    public IDisposable Lock(string path) => _root.Lock(Relative(path));

    public void Dispose() => _root.Dispose();

    private EntryKind Kind(string path, out long length)
    {
        var kind = _root.Stat(Relative(path), out length);
        return kind is EntryKind.SymbolicLink or EntryKind.Other ? throw Refuse(Relative(path), kind) : kind;
    }

    private IOException Refuse(string relative, EntryKind kind) =>
        kind == EntryKind.SymbolicLink
            ? new SymbolicLinkException(_root.Display(relative), _root.FullPath)
            : new NotRegularFileException(_root.Display(relative), "a FIFO, socket or device");

    private string Relative(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(path);
        if (string.Equals(full, Path.TrimEndingDirectorySeparator(_root.FullPath), StringComparison.Ordinal))
        {
            return "";
        }

        return full.StartsWith(_prefix, StringComparison.Ordinal)
            ? full[_prefix.Length..].Replace(Path.DirectorySeparatorChar, '/')
            : throw new InvalidOperationException($"'{path}' is outside the repository root '{_root.FullPath}'.");
    }
}
