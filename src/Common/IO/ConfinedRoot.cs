using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace SwRel.IO;

/// <summary>
/// A folder under which every path is resolved one segment at a time, never through a symbolic link, so that no
/// operation reads, writes, renames or deletes anything outside it, whatever links it meets or whatever is swapped
/// in while it runs.
/// </summary>
/// <remarks>
/// <para>
/// On Linux (x86-64 and AArch64) the root is held open as a directory handle and each path is walked from it with
/// <c>openat(O_NOFOLLOW | O_DIRECTORY)</c> per folder; the last segment is then used through the <c>*at</c> calls
/// (<c>openat</c> with <c>O_NOFOLLOW</c>, <c>mkdirat</c>, <c>unlinkat</c>, <c>renameat2</c>) on the handle of
/// its folder. A link met anywhere below the root is refused with a <see cref="SymbolicLinkException"/> naming it.
/// Elsewhere each segment's attributes are checked for a reparse point before the operation runs (check then use:
/// a link swapped in between the two is not caught there).
/// </para>
/// <para>
/// Relative paths use '/', hold no empty, '.' or '..' segment and are at most <see cref="MaxDepth"/> segments deep.
/// Names that are not valid UTF-8 cannot be named safely and are refused when a folder is listed (a tree holding one
/// can still be deleted). Operations may run on several threads at once; dispose only when none runs.
/// </para>
/// </remarks>
internal sealed class ConfinedRoot : IDisposable
{
    private const int FileMode = 0x1a4; // rw-r--r--, less the umask
    private const int FolderMode = 0x1ed; // rwxr-xr-x, less the umask
    private const int StatxSize = 256;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly byte[] Dot = "."u8.ToArray();

    /// <summary>The deepest path accepted, in segments: deeper trees are refused rather than walked.</summary>
    public const int MaxDepth = 256;

    private static bool s_openAt2 = true;

    /// <summary>
    /// Gets or sets whether lookups try <c>openat2</c> first; cleared for good when the kernel lacks it, and cleared by
    /// tests to run the walk that such kernels use.
    /// </summary>
    internal static bool UseOpenAt2
    {
        get => s_openAt2;
        set => s_openAt2 = value;
    }

    private readonly int _fd;
    private bool _disposed;

    private ConfinedRoot(string fullPath, int fd)
    {
        FullPath = fullPath;
        _fd = fd;
    }

    /// <summary>Gets the root's full path, as given.</summary>
    public string FullPath { get; }

    /// <summary>
    /// Gets a path that names this very folder for another process of this user (<c>/proc/PID/fd/N</c> on Linux),
    /// so that a link swapped into <see cref="FullPath"/> cannot redirect it; elsewhere <see cref="FullPath"/>.
    /// </summary>
    public string PinnedPath =>
        _fd >= 0 && Directory.Exists($"/proc/{Environment.ProcessId}/fd/{_fd}")
            ? $"/proc/{Environment.ProcessId}/fd/{_fd}"
            : FullPath;

    /// <summary>Opens a folder as a root. The folder's own path may pass through links: it is the caller's to trust.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist or is not a folder.</exception>
    /// <exception cref="IOException">It cannot be opened.</exception>
    public static ConfinedRoot Open(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (!Libc.IsSupported)
        {
            return Directory.Exists(full)
                ? new ConfinedRoot(full, -1)
                : throw new DirectoryNotFoundException($"'{full}' does not exist or is not a folder.");
        }

        var fd = Libc.OpenAt(Libc.AtFdCwd, full, Libc.PathOnly | Libc.Directory | Libc.CloseOnExec, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno is Libc.ENOENT or Libc.ENOTDIR
                ? new DirectoryNotFoundException($"'{full}' does not exist or is not a folder.")
                : Error(errno, full);
        }

        return new ConfinedRoot(full, fd);
    }

    /// <summary>Opens a folder below this root as a root of its own (for a transport or a verifier that works inside it).</summary>
    /// <exception cref="SymbolicLinkException">A segment is a link.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public ConfinedRoot OpenDirectory(string relative)
    {
        var full = Display(relative);
        if (_fd < 0)
        {
            if (relative.Length > 0)
            {
                CheckPortable(relative, includeLast: true);
            }

            return Open(full);
        }

        if (relative.Length == 0)
        {
            var self = Libc.OpenAt(_fd, ".", Libc.PathOnly | Libc.Directory | Libc.CloseOnExec, 0);
            return self < 0 ? throw Error(Marshal.GetLastPInvokeError(), full) : new ConfinedRoot(full, self);
        }

        var segments = Split(relative);
        using var parent = Walk(segments, segments.Length - 1, relative, out var missing);
        if (missing)
        {
            throw new DirectoryNotFoundException($"'{full}' does not exist.");
        }

        var fd = Libc.OpenAt(parent.Fd, segments[^1], Libc.PathOnly | Libc.Directory | Libc.NoFollow | Libc.CloseOnExec, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw Refusal(parent.Fd, segments[^1], full, errno, "a folder");
        }

        return new ConfinedRoot(full, fd);
    }

    /// <summary>Looks at a path without following it.</summary>
    /// <param name="relative">The path below the root; empty for the root itself.</param>
    /// <param name="length">The size of a regular file, else 0.</param>
    /// <exception cref="SymbolicLinkException">A folder on the way is a link (a link as the last segment is returned as <see cref="EntryKind.SymbolicLink"/>).</exception>
    public EntryKind Stat(string relative, out long length)
    {
        length = 0;
        if (relative.Length == 0)
        {
            return EntryKind.Directory;
        }

        if (_fd < 0)
        {
            CheckPortable(relative, includeLast: false);
            return StatPortable(Display(relative), out length);
        }

        var segments = Split(relative);
        using var parent = Walk(segments, segments.Length - 1, relative, out var missing);
        return missing ? EntryKind.Missing : StatAt(parent.Fd, segments[^1], out length, out _);
    }

    /// <summary>Opens a regular file for reading; a link, folder, FIFO, socket or device is refused without being read.</summary>
    /// <exception cref="SymbolicLinkException">The file or a folder on the way is a link.</exception>
    /// <exception cref="NotRegularFileException">It is not a regular file.</exception>
    /// <exception cref="FileNotFoundException">It does not exist.</exception>
    public SafeFileHandle OpenRead(string relative)
    {
        var full = Display(relative);
        if (_fd < 0)
        {
            CheckPortable(relative, includeLast: true);
            return RegularFile.OpenHandle(full);
        }

        var segments = Split(relative);
        using var parent = Walk(segments, segments.Length - 1, relative, out var missing);
        if (missing)
        {
            throw new FileNotFoundException($"'{full}' does not exist.", full);
        }

        // Looked at first so that a device is never opened; looked at again on the handle against a swap in between.
        var kind = StatAt(parent.Fd, segments[^1], out _, out var mode);
        switch (kind)
        {
            case EntryKind.Missing:
                throw new FileNotFoundException($"'{full}' does not exist.", full);
            case EntryKind.SymbolicLink:
                throw new SymbolicLinkException(full, FullPath);
            case EntryKind.Directory or EntryKind.Other:
                throw new NotRegularFileException(full, Describe(mode));
        }

        var fd = Libc.OpenAt(parent.Fd, segments[^1], Libc.ReadOnly | Libc.NonBlock | Libc.NoFollow | Libc.NoCtty | Libc.CloseOnExec, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw Refusal(parent.Fd, segments[^1], full, errno, "a regular file");
        }

        return RegularFile.CheckOpened(fd, full);
    }

    /// <summary>
    /// Opens a regular file that sits directly in this folder for reading, as a bare descriptor: the cheap path for
    /// verifying many small files, with the same checks as <see cref="OpenRead"/> (looked at first so that a device is
    /// never opened, <c>O_NOFOLLOW</c>, looked at again on the descriptor) but no path split and no handle object.
    /// </summary>
    /// <param name="name">One plain name (no '/', not '.' or '..').</param>
    /// <param name="kind">What the name is: <see cref="EntryKind.File"/> when a descriptor is returned.</param>
    /// <param name="length">The size of the opened file, as its descriptor says.</param>
    /// <returns>The descriptor, to be closed with <see cref="Libc.Close"/>; -1 when <paramref name="kind"/> is not a file.</returns>
    /// <exception cref="PlatformNotSupportedException">Not on Linux (check <see cref="Libc.IsSupported"/> first).</exception>
    /// <exception cref="IOException">It is swapped for something else while being opened, or cannot be opened.</exception>
    internal unsafe int OpenReadDescriptor(string name, out EntryKind kind, out long length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_fd < 0)
        {
            throw new PlatformNotSupportedException("Bare descriptors are opened on Linux only.");
        }

        kind = StatAt(_fd, name, out length, out _);
        if (kind != EntryKind.File)
        {
            return -1;
        }

        var fd = Libc.OpenAt(_fd, name, Libc.ReadOnly | Libc.NonBlock | Libc.NoFollow | Libc.NoCtty | Libc.CloseOnExec, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw Refusal(_fd, name, Display(name), errno, "a regular file");
        }

        var buffer = stackalloc byte[StatxSize];
        if (Libc.Statx(fd, "", Libc.AtEmptyPath, Libc.StatxBasicStats, buffer) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Libc.Close(fd);
            throw Error(errno, Display(name));
        }

        var mode = *(ushort*)(buffer + Libc.StatxModeOffset);
        if ((mode & Libc.TypeMask) != Libc.TypeRegular)
        {
            Libc.Close(fd);
            throw new NotRegularFileException(Display(name), Describe(mode));
        }

        length = *(long*)(buffer + Libc.StatxSizeOffset);
        return fd;
    }

    /// <summary>Creates a new file for writing; fails when anything of that name exists (a link included).</summary>
    /// <exception cref="SymbolicLinkException">A folder on the way is a link.</exception>
    /// <exception cref="IOException">The name exists or its folder does not.</exception>
    public SafeFileHandle CreateNew(string relative)
    {
        var full = Display(relative);
        if (_fd < 0)
        {
            CheckPortable(relative, includeLast: true);
            return File.OpenHandle(full, System.IO.FileMode.CreateNew, FileAccess.Write, FileShare.None);
        }

        var segments = Split(relative);
        using var parent = Walk(segments, segments.Length - 1, relative, out var missing);
        if (missing)
        {
            throw new DirectoryNotFoundException($"The folder of '{full}' does not exist.");
        }

        var fd = Libc.OpenAt(parent.Fd, segments[^1], Libc.WriteOnly | Libc.Create | Libc.Exclusive | Libc.NoFollow | Libc.CloseOnExec, FileMode);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno == Libc.EEXIST
                ? new IOException($"'{full}' already exists.")
                : Refusal(parent.Fd, segments[^1], full, errno, "a new file");
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>
    /// Gives an opened regular file a second name below the root: a hard link to the very file the handle holds,
    /// whatever its old name points to by now. The new name must not exist (a link of that name included).
    /// </summary>
    /// <param name="file">The file, opened through this root (so it is a regular file reached without a link).</param>
    /// <param name="to">The new name below the root.</param>
    /// <returns>
    /// <see langword="false"/> when the file system cannot link it there (another file system below the root, no hard
    /// links, the file's link count at its limit, a platform without <c>linkat</c>): the caller copies instead.
    /// </returns>
    /// <exception cref="SymbolicLinkException">A folder on the way is a link.</exception>
    /// <exception cref="IOException">The new name exists or its folder does not.</exception>
    public bool TryLink(SafeFileHandle file, string to)
    {
        if (_fd < 0)
        {
            return false;
        }

        var full = Display(to);
        var segments = Split(to);
        using var parent = Walk(segments, segments.Length - 1, to, out var missing);
        if (missing)
        {
            throw new DirectoryNotFoundException($"The folder of '{full}' does not exist.");
        }

        // Linking the handle's /proc entry with AT_SYMLINK_FOLLOW links the inode itself, never a name that could have
        // been swapped for a link since the open; AT_EMPTY_PATH would need CAP_DAC_READ_SEARCH.
        var self = $"/proc/self/fd/{file.DangerousGetHandle()}";
        if (Libc.LinkAt(Libc.AtFdCwd, self, parent.Fd, segments[^1], Libc.AtSymlinkFollow) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno switch
        {
            Libc.EXDEV or Libc.EPERM or Libc.EMLINK or Libc.EOPNOTSUPP or Libc.ENOSYS => false,
            Libc.ENOENT when !Directory.Exists("/proc/self/fd") => false,
            Libc.ENOENT => throw new FileNotFoundException($"'{full}' could not be made: the file it names, or its folder, was deleted while the run went on.", full),
            Libc.EEXIST => throw new IOException($"'{full}' already exists."),
            _ => throw Refusal(parent.Fd, segments[^1], full, errno, "a new file"),
        };
    }

    /// <summary>
    /// Makes an opened file read-only for everyone (mode 0444), so that a file that shares its data with other names
    /// cannot be changed through any of them.
    /// </summary>
    /// <returns><see langword="false"/> when this process may not change the file's mode (it is not the owner).</returns>
    /// <remarks>Elsewhere than on Unix the file is left as it is and <see langword="true"/> is returned: no link is made there.</remarks>
    public static bool TryMakeReadOnly(SafeFileHandle file)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode readOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        try
        {
            if (File.GetUnixFileMode(file) != readOnly)
            {
                File.SetUnixFileMode(file, readOnly);
            }

            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Creates a folder and any missing folders above it; existing folders are kept.</summary>
    /// <exception cref="SymbolicLinkException">A segment is a link.</exception>
    /// <exception cref="IOException">A segment is a file or something else that is not a folder.</exception>
    public void CreateDirectory(string relative)
    {
        if (relative.Length == 0)
        {
            return;
        }

        if (_fd < 0)
        {
            CheckPortable(relative, includeLast: true);
            Directory.CreateDirectory(Display(relative));
            return;
        }

        var segments = Split(relative);
        var current = new DirectoryHandle(_fd, owned: false);
        try
        {
            for (var i = 0; i < segments.Length; i++)
            {
                var next = Libc.OpenAt(current.Fd, segments[i], Libc.PathOnly | Libc.Directory | Libc.NoFollow | Libc.CloseOnExec, 0);
                if (next < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno != Libc.ENOENT)
                    {
                        throw Refusal(current.Fd, segments[i], Display(segments, i + 1), errno, "a folder");
                    }

                    if (Libc.MakeDirectoryAt(current.Fd, segments[i], FolderMode) < 0)
                    {
                        errno = Marshal.GetLastPInvokeError();
                        if (errno != Libc.EEXIST)
                        {
                            throw Error(errno, Display(segments, i + 1));
                        }
                    }

                    next = Libc.OpenAt(current.Fd, segments[i], Libc.PathOnly | Libc.Directory | Libc.NoFollow | Libc.CloseOnExec, 0);
                    if (next < 0)
                    {
                        throw Refusal(current.Fd, segments[i], Display(segments, i + 1), Marshal.GetLastPInvokeError(), "a folder");
                    }
                }

                current.Dispose();
                current = new DirectoryHandle(next, owned: true);
            }
        }
        finally
        {
            current.Dispose();
        }
    }

    /// <summary>Renames a file or folder (the entry itself, never what a link points to); the destination must not exist.</summary>
    /// <exception cref="SymbolicLinkException">A folder on either path is a link.</exception>
    /// <exception cref="IOException">The destination exists, or the source does not.</exception>
    public void Rename(string from, string to)
    {
        if (_fd < 0)
        {
            CheckPortable(from, includeLast: false);
            CheckPortable(to, includeLast: true);
            var source = Display(from);
            if (Directory.Exists(source) && (File.GetAttributes(source) & FileAttributes.ReparsePoint) == 0)
            {
                Directory.Move(source, Display(to));
            }
            else
            {
                File.Move(source, Display(to), overwrite: false);
            }

            return;
        }

        var fromSegments = Split(from);
        var toSegments = Split(to);
        using var fromParent = Walk(fromSegments, fromSegments.Length - 1, from, out var fromMissing);
        if (fromMissing)
        {
            throw new FileNotFoundException($"'{Display(from)}' does not exist.", Display(from));
        }

        using var toParent = Walk(toSegments, toSegments.Length - 1, to, out var toMissing);
        if (toMissing)
        {
            throw new DirectoryNotFoundException($"The folder of '{Display(to)}' does not exist.");
        }

        if (Libc.RenameAt2(fromParent.Fd, fromSegments[^1], toParent.Fd, toSegments[^1], Libc.RenameNoReplace) == 0)
        {
            return;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno is Libc.EINVAL or Libc.ENOSYS)
        {
            // A file system without RENAME_NOREPLACE: the caller holds the root's lock, so look, then rename.
            if (StatAt(toParent.Fd, toSegments[^1], out _, out _) != EntryKind.Missing)
            {
                throw new IOException($"'{Display(to)}' already exists.");
            }

            if (Libc.RenameAt(fromParent.Fd, fromSegments[^1], toParent.Fd, toSegments[^1]) == 0)
            {
                return;
            }

            errno = Marshal.GetLastPInvokeError();
        }

        throw errno switch
        {
            Libc.EEXIST or Libc.ENOTEMPTY => new IOException($"'{Display(to)}' already exists."),
            Libc.ENOENT => new FileNotFoundException($"'{Display(from)}' does not exist.", Display(from)),
            _ => Error(errno, $"{Display(from)}' to '{Display(to)}"),
        };
    }

    /// <summary>
    /// Swaps two existing entries in one step (<c>renameat2(RENAME_EXCHANGE)</c>), so that a reader sees either the
    /// one or the other at each name, never neither; both must exist. Where the file system cannot exchange, the swap
    /// is made with three renames through <c>{to}.swap</c>.
    /// </summary>
    /// <exception cref="SymbolicLinkException">A folder on either path is a link.</exception>
    /// <exception cref="IOException">Either entry is missing.</exception>
    public void Exchange(string from, string to)
    {
        if (_fd >= 0)
        {
            var fromSegments = Split(from);
            var toSegments = Split(to);
            using var fromParent = Walk(fromSegments, fromSegments.Length - 1, from, out var fromMissing);
            using var toParent = Walk(toSegments, toSegments.Length - 1, to, out var toMissing);
            if (fromMissing || toMissing)
            {
                throw new DirectoryNotFoundException($"The folder of '{Display(fromMissing ? from : to)}' does not exist.");
            }

            if (Libc.RenameAt2(fromParent.Fd, fromSegments[^1], toParent.Fd, toSegments[^1], Libc.RenameExchange) == 0)
            {
                return;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno is not (Libc.EINVAL or Libc.ENOSYS))
            {
                throw errno == Libc.ENOENT
                    ? new FileNotFoundException($"'{Display(from)}' or '{Display(to)}' does not exist.", Display(from))
                    : Error(errno, $"{Display(from)}' and '{Display(to)}");
            }
        }

        var aside = to + ".swap";
        Rename(to, aside);
        Rename(from, to);
        Rename(aside, from);
    }

    /// <summary>Deletes a file (or a link itself, never its target); a missing name is not an error.</summary>
    /// <exception cref="SymbolicLinkException">A folder on the way is a link.</exception>
    public void DeleteFile(string relative)
    {
        if (_fd < 0)
        {
            CheckPortable(relative, includeLast: false);
            File.Delete(Display(relative));
            return;
        }

        var segments = Split(relative);
        using var parent = Walk(segments, segments.Length - 1, relative, out var missing);
        if (!missing && Libc.UnlinkAt(parent.Fd, segments[^1], 0) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Libc.ENOENT)
            {
                throw Error(errno, Display(relative));
            }
        }
    }

    /// <summary>Deletes a folder and everything in it, never following a link (a link inside is deleted itself); a missing name is not an error.</summary>
    /// <exception cref="SymbolicLinkException">A folder on the way to it is a link.</exception>
    public void DeleteTree(string relative)
    {
        if (_fd < 0)
        {
            CheckPortable(relative, includeLast: false);
            DeleteTreePortable(Display(relative));
            return;
        }

        var segments = Split(relative);
        using var parent = Walk(segments, segments.Length - 1, relative, out var missing);
        if (!missing)
        {
            RemoveAt(parent.Fd, segments[^1], Display(relative));
        }
    }

    /// <summary>Lists the entries of a folder, each seen without following it, in ordinal order; empty when the folder is missing.</summary>
    /// <exception cref="SymbolicLinkException">The folder or one on the way is a link.</exception>
    public List<(string Name, EntryKind Kind)> List(string relative)
    {
        if (_fd < 0)
        {
            if (relative.Length > 0)
            {
                CheckPortable(relative, includeLast: true);
            }

            return ListPortable(Display(relative));
        }

        if (relative.Length == 0)
        {
            var fd = Libc.OpenAt(_fd, ".", Libc.ReadOnly | Libc.Directory | Libc.CloseOnExec, 0);
            return fd < 0 ? throw Error(Marshal.GetLastPInvokeError(), FullPath) : ReadEntries(fd, FullPath);
        }

        var segments = Split(relative);
        using var parent = Walk(segments, segments.Length - 1, relative, out var missing);
        if (missing)
        {
            return [];
        }

        var folder = Libc.OpenAt(parent.Fd, segments[^1], Libc.ReadOnly | Libc.Directory | Libc.NoFollow | Libc.CloseOnExec, 0);
        if (folder < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == Libc.ENOENT ? [] : throw Refusal(parent.Fd, segments[^1], Display(relative), errno, "a folder");
        }

        return ReadEntries(folder, Display(relative));
    }

    /// <summary>
    /// Lists every entry below a folder, each seen without following it, depth first: a folder comes before what it
    /// holds. Paths are relative to <paramref name="relative"/>, '/'-separated; the order within a folder is ordinal.
    /// </summary>
    /// <exception cref="SymbolicLinkException">The folder, or one met on the way down, is (or has become) a link.</exception>
    public IEnumerable<(string Relative, EntryKind Kind)> EnumerateTree(string relative)
    {
        var pending = new Stack<string>();
        pending.Push("");
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            foreach (var (name, kind) in List(Join(relative, folder)))
            {
                var below = Join(folder, name);
                if (kind == EntryKind.Directory)
                {
                    pending.Push(below);
                }

                yield return (below, kind);
            }
        }
    }

    /// <summary>Takes an exclusive lock on a lock file (created when missing), held until the result is disposed.</summary>
    /// <exception cref="SymbolicLinkException">The lock file or a folder on the way is a link.</exception>
    /// <exception cref="IOException">Another process holds the lock (<see cref="IsLockHeld"/> is then true for it).</exception>
    public IDisposable Lock(string relative)
    {
        var full = Display(relative);
        if (_fd < 0)
        {
            CheckPortable(relative, includeLast: true);
            return new FileStream(full, System.IO.FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }

        var segments = Split(relative);
        using var parent = Walk(segments, segments.Length - 1, relative, out var missing);
        if (missing)
        {
            throw new DirectoryNotFoundException($"The folder of '{full}' does not exist.");
        }

        // Looked at before the open, so that a device or FIFO put there is never opened, and again on the handle.
        var kind = StatAt(parent.Fd, segments[^1], out _, out var mode);
        if (kind is not (EntryKind.Missing or EntryKind.File))
        {
            throw kind == EntryKind.SymbolicLink ? new SymbolicLinkException(full, FullPath) : new NotRegularFileException(full, Describe(mode));
        }

        var fd = Libc.OpenAt(parent.Fd, segments[^1], Libc.ReadWrite | Libc.Create | Libc.NonBlock | Libc.NoFollow | Libc.NoCtty | Libc.CloseOnExec, FileMode);
        if (fd < 0)
        {
            throw Refusal(parent.Fd, segments[^1], full, Marshal.GetLastPInvokeError(), "a lock file");
        }

        var handle = RegularFile.CheckOpened(fd, full);
        if (Libc.Flock(fd, Libc.LockExclusive | Libc.LockNonBlocking) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw errno == Libc.EAGAIN ? new LockHeldException(full) : Error(errno, full);
        }

        return new HeldLock(handle);
    }

    /// <summary>Gets whether an exception from <see cref="Lock"/> means that another process holds the lock.</summary>
    public static bool IsLockHeld(IOException exception) =>
        exception is LockHeldException || (!Libc.IsSupported && exception is not SymbolicLinkException and not DirectoryNotFoundException);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_disposed && _fd >= 0)
        {
            Libc.Close(_fd);
        }

        _disposed = true;
    }

    /// <summary>Gets the full path of a relative one, for messages and for the portable operations.</summary>
    public string Display(string relative) =>
        relative.Length == 0 ? FullPath : Path.Join(FullPath, relative.Replace('/', Path.DirectorySeparatorChar));

    internal static string Describe(int mode) => (mode & Libc.TypeMask) switch
    {
        Libc.TypeDirectory => "a folder",
        Libc.TypeFifo => "a FIFO (named pipe)",
        Libc.TypeSocket => "a socket",
        Libc.TypeCharacterDevice => "a character device",
        Libc.TypeBlockDevice => "a block device",
        Libc.TypeLink => "a symbolic link",
        Libc.TypeRegular => "a file",
        _ => "a special file",
    };

    internal static IOException Error(int errno, string path)
    {
        var message = $"'{path}': {Marshal.GetPInvokeErrorMessage(errno)}.";
        return errno switch
        {
            Libc.ENOENT => new FileNotFoundException(message, path),
            Libc.EACCES => new IOException(message, new UnauthorizedAccessException(message)),
            _ => new IOException(message),
        };
    }

    /// <summary>Joins two relative paths, either of which may be empty (the root).</summary>
    internal static string Join(string folder, string name) => folder.Length == 0 ? name : name.Length == 0 ? folder : folder + "/" + name;

    private string[] Split(string relative)
    {
        var segments = relative.Split('/');
        if (segments.Length > MaxDepth)
        {
            throw new IOException($"'{Display(relative)}' is {segments.Length} folders deep; SwRel accepts at most {MaxDepth}.");
        }

        foreach (var segment in segments)
        {
            if (segment is "" or "." or ".." || segment.Contains('\0', StringComparison.Ordinal))
            {
                throw new IOException($"'{relative.Replace("\0", "\\0", StringComparison.Ordinal)}' is not a path of plain names below '{FullPath}'.");
            }
        }

        return segments;
    }

    private string Display(string[] segments, int count) => Display(string.Join('/', segments, 0, count));

    /// <summary>
    /// Opens the first <paramref name="count"/> segments as folders, never through a link; <paramref name="missing"/> is set
    /// when a segment is missing or is a file, so that there is nothing below it.
    /// </summary>
    private DirectoryHandle Walk(string[] segments, int count, string relative, out bool missing)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        missing = false;
        if (count > 1 && TryOpenAt2(string.Join('/', segments, 0, count), out var beneath))
        {
            return new DirectoryHandle(beneath, owned: true);
        }

        var current = new DirectoryHandle(_fd, owned: false);
        for (var i = 0; i < count; i++)
        {
            var next = Libc.OpenAt(current.Fd, segments[i], Libc.PathOnly | Libc.Directory | Libc.NoFollow | Libc.CloseOnExec, 0);
            if (next < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                try
                {
                    if (errno is Libc.ENOENT or Libc.ENOTDIR or Libc.ELOOP)
                    {
                        var kind = StatAt(current.Fd, segments[i], out _, out _);
                        if (kind == EntryKind.SymbolicLink)
                        {
                            throw new SymbolicLinkException(Display(segments, i + 1), FullPath);
                        }

                        if (kind != EntryKind.Directory)
                        {
                            missing = true;
                            return default;
                        }
                    }

                    throw Error(errno, Display(relative));
                }
                finally
                {
                    current.Dispose();
                }
            }

            current.Dispose();
            current = new DirectoryHandle(next, owned: true);
        }

        return current;
    }

    /// <summary>
    /// Opens a folder below the root in one call where the kernel has <c>openat2</c>: it refuses a link anywhere on
    /// the way (<c>RESOLVE_NO_SYMLINKS</c>) and any escape (<c>RESOLVE_BENEATH</c>). On any failure the caller walks
    /// one folder at a time, which names the link or finds the missing folder.
    /// </summary>
    private unsafe bool TryOpenAt2(string path, out int fd)
    {
        fd = -1;
        if (!s_openAt2)
        {
            return false;
        }

        var how = new Libc.OpenHow
        {
            Flags = (ulong)(Libc.PathOnly | Libc.Directory | Libc.NoFollow | Libc.CloseOnExec),
            Resolve = Libc.ResolveBeneath | Libc.ResolveNoSymlinks | Libc.ResolveNoMagicLinks,
        };
        var result = Libc.SyscallOpenAt2(Libc.OpenAt2Number, _fd, path, &how, (nuint)sizeof(Libc.OpenHow));
        if (result >= 0)
        {
            fd = (int)result;
            return true;
        }

        // Kernels before 5.6, or a sandbox that filters the call: walk from now on.
        if (Marshal.GetLastPInvokeError() is Libc.ENOSYS or Libc.EPERM)
        {
            s_openAt2 = false;
        }

        return false;
    }

    private Exception Refusal(int parent, string name, string full, int errno, string wanted)
    {
        if (errno == Libc.ENOENT)
        {
            return new FileNotFoundException($"'{full}' does not exist.", full);
        }

        var kind = StatAt(parent, name, out _, out var mode);
        return kind switch
        {
            EntryKind.SymbolicLink => new SymbolicLinkException(full, FullPath),
            EntryKind.Missing => new FileNotFoundException($"'{full}' does not exist.", full),
            _ when errno is Libc.ENOTDIR or Libc.EISDIR or Libc.ELOOP => new IOException($"'{full}' is {Describe(mode)} where {wanted} is needed."),
            _ => Error(errno, full),
        };
    }

    private static unsafe EntryKind StatAt(int directory, string name, out long length, out int mode)
    {
        var buffer = stackalloc byte[StatxSize];
        length = 0;
        mode = 0;
        if (Libc.Statx(directory, name, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, buffer) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is Libc.ENOENT or Libc.ENOTDIR ? EntryKind.Missing : throw Error(errno, name);
        }

        mode = *(ushort*)(buffer + Libc.StatxModeOffset);
        var kind = KindOfMode(mode);
        if (kind == EntryKind.File)
        {
            length = *(long*)(buffer + Libc.StatxSizeOffset);
        }

        return kind;
    }

    private static EntryKind KindOfMode(int mode) => (mode & Libc.TypeMask) switch
    {
        Libc.TypeRegular => EntryKind.File,
        Libc.TypeDirectory => EntryKind.Directory,
        Libc.TypeLink => EntryKind.SymbolicLink,
        _ => EntryKind.Other,
    };

    /// <summary>Reads a folder's entries from an open descriptor, which this closes; a name that is not valid UTF-8 is refused.</summary>
    private static List<(string Name, EntryKind Kind)> ReadEntries(int fd, string full)
    {
        try
        {
            var entries = new List<(string Name, EntryKind Kind)>();
            foreach (var (raw, type) in ReadRawEntries(fd, full))
            {
                string name;
                try
                {
                    name = StrictUtf8.GetString(raw, 0, raw.Length - 1);
                }
                catch (DecoderFallbackException)
                {
                    throw new IOException(
                        $"'{full}' holds a name that is not valid UTF-8 ('{Encoding.UTF8.GetString(raw, 0, raw.Length - 1)}'); SwRel cannot name it safely.");
                }

                entries.Add((name, KindOf(fd, raw, type)));
            }

            entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return entries;
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>Reads the raw, NUL-terminated names of a folder's entries and their types, from a descriptor this leaves open.</summary>
    private static unsafe List<(byte[] Name, byte Type)> ReadRawEntries(int fd, string full)
    {
        var own = Libc.OpenAtRaw(fd, Dot, Libc.ReadOnly | Libc.Directory | Libc.CloseOnExec, 0);
        if (own < 0)
        {
            throw Error(Marshal.GetLastPInvokeError(), full);
        }

        var directory = Libc.FdOpenDir(own);
        if (directory == 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Libc.Close(own);
            throw Error(errno, full);
        }

        var entries = new List<(byte[] Name, byte Type)>();
        try
        {
            while (true)
            {
                var entry = Libc.ReadDir(directory);
                if (entry == 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno != 0)
                    {
                        throw Error(errno, full);
                    }

                    break;
                }

                // struct dirent on LP64 Linux: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)entry + 19);
                if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
                {
                    continue;
                }

                var raw = new byte[name.Length + 1];
                name.CopyTo(raw);
                entries.Add((raw, ((byte*)entry)[18]));
            }
        }
        finally
        {
            Libc.CloseDir(directory);
        }

        return entries;
    }

    private static unsafe EntryKind KindOf(int directory, byte[] name, byte type)
    {
        switch (type)
        {
            case 4:
                return EntryKind.Directory;
            case 8:
                return EntryKind.File;
            case 10:
                return EntryKind.SymbolicLink;
            case 0:
                var buffer = stackalloc byte[StatxSize];
                return Libc.StatxRaw(directory, name, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, buffer) < 0
                    ? EntryKind.Missing
                    : KindOfMode(*(ushort*)(buffer + Libc.StatxModeOffset));
            default:
                return EntryKind.Other;
        }
    }

    /// <summary>
    /// Deletes an entry of a folder, and everything in it when it is a folder, never following a link. It holds two
    /// descriptors at most and does not recurse: the entries of each subfolder are renamed up into the folder being
    /// emptied and dealt with there, so a tree of any depth, with names of any bytes, is deleted.
    /// </summary>
    private static void RemoveAt(int parent, string name, string full)
    {
        var top = Libc.OpenAt(parent, name, Libc.ReadOnly | Libc.Directory | Libc.NoFollow | Libc.CloseOnExec, 0);
        if (top < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            switch (errno)
            {
                case Libc.ENOENT:
                    return;
                case Libc.ENOTDIR or Libc.ELOOP:
                    // A file, a link or a special: the entry itself goes.
                    if (Libc.UnlinkAt(parent, name, 0) < 0 && Marshal.GetLastPInvokeError() is var unlinkError && unlinkError != Libc.ENOENT)
                    {
                        throw Error(unlinkError, full);
                    }

                    return;
                default:
                    throw Error(errno, full);
            }
        }

        try
        {
            Empty(top, full);
        }
        finally
        {
            Libc.Close(top);
        }

        if (Libc.UnlinkAt(parent, name, Libc.AtRemoveDir) < 0 && Marshal.GetLastPInvokeError() is var removeError && removeError != Libc.ENOENT)
        {
            throw Error(removeError, full);
        }
    }

    /// <summary>Empties an open folder: files, links and specials are unlinked; each subfolder's own files are unlinked in place and its folders hoisted up, then the emptied subfolder removed.</summary>
    private static void Empty(int top, string full)
    {
        var hoisted = 0;
        while (true)
        {
            var entries = ReadRawEntries(top, full);
            if (entries.Count == 0)
            {
                return;
            }

            foreach (var (child, type) in entries)
            {
                if (KindOf(top, child, type) != EntryKind.Directory)
                {
                    UnlinkRaw(top, child, 0, full);
                    continue;
                }

                var sub = Libc.OpenAtRaw(top, child, Libc.ReadOnly | Libc.Directory | Libc.NoFollow | Libc.CloseOnExec, 0);
                if (sub < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno is Libc.ENOTDIR or Libc.ELOOP)
                    {
                        UnlinkRaw(top, child, 0, full);
                    }
                    else if (errno != Libc.ENOENT)
                    {
                        throw Error(errno, full);
                    }

                    continue;
                }

                try
                {
                    foreach (var (grandchild, grandchildType) in ReadRawEntries(sub, full))
                    {
                        // Only folders need to move up (that is what keeps the walk free of recursion); a file is
                        // unlinked where it is, which spares a rename per file in the common case of folders of files.
                        if (KindOf(sub, grandchild, grandchildType) is EntryKind.Directory or EntryKind.Missing || !TryUnlinkRaw(sub, grandchild, full))
                        {
                            Hoist(sub, grandchild, top, ref hoisted, full);
                        }
                    }
                }
                finally
                {
                    Libc.Close(sub);
                }

                // Emptied now, unless something was added meanwhile: then the next pass sees it again.
                if (Libc.UnlinkAtRaw(top, child, Libc.AtRemoveDir) < 0 && Marshal.GetLastPInvokeError() is var removeError
                    && removeError is not (Libc.ENOENT or Libc.ENOTEMPTY or Libc.EEXIST))
                {
                    throw Error(removeError, full);
                }
            }
        }
    }

    private static void Hoist(int from, byte[] name, int to, ref int hoisted, string full)
    {
        while (true)
        {
            var target = Encoding.ASCII.GetBytes($".swrel-deleting-{++hoisted}\0");
            if (Libc.RenameAt2Raw(from, name, to, target, Libc.RenameNoReplace) == 0)
            {
                return;
            }

            var errno = Marshal.GetLastPInvokeError();
            switch (errno)
            {
                case Libc.EEXIST:
                    continue;
                case Libc.ENOENT:
                    return;
                case Libc.EXDEV:
                    // A mount point inside the tree: empty what lies across it in place.
                    var fd = Libc.OpenAtRaw(from, name, Libc.ReadOnly | Libc.Directory | Libc.NoFollow | Libc.CloseOnExec, 0);
                    if (fd < 0)
                    {
                        UnlinkRaw(from, name, 0, full);
                        return;
                    }

                    try
                    {
                        Empty(fd, full);
                    }
                    finally
                    {
                        Libc.Close(fd);
                    }

                    UnlinkRaw(from, name, Libc.AtRemoveDir, full);
                    return;
                default:
                    throw Error(errno, full);
            }
        }
    }

    /// <summary>Unlinks a name that was seen as no folder; false when it is a folder by now, so that the caller moves it up instead.</summary>
    private static bool TryUnlinkRaw(int directory, byte[] name, string full)
    {
        if (Libc.UnlinkAtRaw(directory, name, 0) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno switch
        {
            Libc.ENOENT => true,
            Libc.EISDIR => false,
            _ => throw Error(errno, full),
        };
    }

    private static void UnlinkRaw(int directory, byte[] name, int flags, string full)
    {
        if (Libc.UnlinkAtRaw(directory, name, flags) < 0 && Marshal.GetLastPInvokeError() is var errno && errno != Libc.ENOENT)
        {
            throw Error(errno, full);
        }
    }

    /// <summary>The lstat walk used where the kernel walk is not available: every folder on the way, and the last segment when asked, must not be a reparse point.</summary>
    private void CheckPortable(string relative, bool includeLast)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var segments = Split(relative);
        var count = includeLast ? segments.Length : segments.Length - 1;
        for (var i = 1; i <= count; i++)
        {
            var path = Display(segments, i);
            FileAttributes attributes;
            try
            {
                attributes = File.GetAttributes(path);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return;
            }

            if ((attributes & FileAttributes.ReparsePoint) != 0)
            {
                throw new SymbolicLinkException(path, FullPath);
            }
        }
    }

    private static EntryKind StatPortable(string full, out long length)
    {
        length = 0;
        var info = new FileInfo(full);
        if (info.Exists && info.LinkTarget is null)
        {
            length = info.Length;
            return EntryKind.File;
        }

        if (info.LinkTarget is not null || (info.Attributes != (FileAttributes)(-1) && (info.Attributes & FileAttributes.ReparsePoint) != 0))
        {
            return EntryKind.SymbolicLink;
        }

        return Directory.Exists(full) ? EntryKind.Directory : EntryKind.Missing;
    }

    private static List<(string Name, EntryKind Kind)> ListPortable(string full)
    {
        var entries = new List<(string Name, EntryKind Kind)>();
        if (!Directory.Exists(full))
        {
            return entries;
        }

        foreach (var info in new DirectoryInfo(full).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false }))
        {
            var kind = (info.Attributes & FileAttributes.ReparsePoint) != 0 ? EntryKind.SymbolicLink
                : info is DirectoryInfo ? EntryKind.Directory
                : EntryKind.File;
            entries.Add((info.Name, kind));
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    private static void DeleteTreePortable(string full)
    {
        var attributes = File.GetAttributes(full);
        if ((attributes & FileAttributes.ReparsePoint) != 0 || (attributes & FileAttributes.Directory) == 0)
        {
            File.Delete(full);
            return;
        }

        foreach (var (name, _) in ListPortable(full))
        {
            DeleteTreePortable(Path.Join(full, name));
        }

        Directory.Delete(full);
    }

    private readonly struct DirectoryHandle(int fd, bool owned) : IDisposable
    {
        public int Fd { get; } = fd;

        public void Dispose()
        {
            if (owned)
            {
                Libc.Close(Fd);
            }
        }
    }

    private sealed class LockHeldException(string path) : IOException($"'{path}' is locked by another process.");
}
