using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SwRel.IO;

/// <summary>
/// Opens a file that a user named (on the command line, in an option) for reading, only when it is a regular file:
/// a folder, FIFO, socket or device is reported at once by name instead of hanging or streaming without end.
/// </summary>
/// <remarks>
/// The path itself may pass through links: the user chose it. On Linux the file is looked at before it is opened
/// (so a device is never opened) and again on the open handle (so a swap in between is caught); it is opened
/// non-blocking, so even a FIFO swapped in cannot make the open wait. Elsewhere a folder is refused before the open.
/// </remarks>
internal static class RegularFile
{
    /// <summary>Opens a regular file for reading.</summary>
    /// <exception cref="FileNotFoundException">It does not exist.</exception>
    /// <exception cref="NotRegularFileException">It is a folder, FIFO, socket or device.</exception>
    /// <exception cref="IOException">It cannot be opened.</exception>
    public static unsafe SafeFileHandle OpenHandle(string path)
    {
        var full = Path.GetFullPath(path);
        if (!Libc.IsSupported)
        {
            if (Directory.Exists(full))
            {
                throw new NotRegularFileException(full, "a folder");
            }

            return File.Exists(full)
                ? File.OpenHandle(full, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan)
                : throw new FileNotFoundException($"'{full}' does not exist.", full);
        }

        var buffer = stackalloc byte[256];
        if (Libc.Statx(Libc.AtFdCwd, full, 0, Libc.StatxBasicStats, buffer) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno is Libc.ENOENT or Libc.ENOTDIR
                ? new FileNotFoundException($"'{full}' does not exist.", full)
                : ConfinedRoot.Error(errno, full);
        }

        var mode = *(ushort*)(buffer + Libc.StatxModeOffset);
        if ((mode & Libc.TypeMask) != Libc.TypeRegular)
        {
            throw new NotRegularFileException(full, ConfinedRoot.Describe(mode));
        }

        var fd = Libc.OpenAt(Libc.AtFdCwd, full, Libc.ReadOnly | Libc.NonBlock | Libc.NoCtty | Libc.CloseOnExec, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno == Libc.ENOENT
                ? new FileNotFoundException($"'{full}' does not exist.", full)
                : ConfinedRoot.Error(errno, full);
        }

        return CheckOpened(fd, full);
    }

    /// <summary>Opens a regular file for reading as a stream, refusing one larger than <paramref name="maxLength"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxLength">The largest size accepted, in bytes.</param>
    /// <param name="what">What the file is, for the message ("a plan file").</param>
    /// <exception cref="FileNotFoundException">It does not exist.</exception>
    /// <exception cref="NotRegularFileException">It is a folder, FIFO, socket or device.</exception>
    /// <exception cref="IOException">It is too large or cannot be opened.</exception>
    /// <remarks>A file that grows after the check is not noticed here: callers that read it whole cap what they read.</remarks>
    public static FileStream OpenRead(string path, long maxLength, string what) =>
        Capped(OpenHandle(path), Path.GetFullPath(path), maxLength, what);

    /// <summary>Makes a stream of an opened regular file, refusing (and closing) one larger than <paramref name="maxLength"/>.</summary>
    /// <param name="handle">The file, opened for reading; owned from here on.</param>
    /// <param name="fullPath">The file's path, for the message.</param>
    /// <param name="maxLength">The largest size accepted, in bytes.</param>
    /// <param name="what">What the file is, for the message ("a plan file").</param>
    /// <exception cref="IOException">It is too large.</exception>
    public static FileStream Capped(SafeFileHandle handle, string fullPath, long maxLength, string what)
    {
        try
        {
            var length = RandomAccess.GetLength(handle);
            if (length > maxLength)
            {
                throw new IOException($"'{fullPath}' is {length:N0} bytes; {what} may be at most {maxLength:N0} bytes.");
            }

            return new FileStream(handle, FileAccess.Read, bufferSize: 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Checks that a descriptor opened non-blocking is a regular file, then makes it blocking; closes it when it is not.</summary>
    internal static unsafe SafeFileHandle CheckOpened(int fd, string full)
    {
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        var buffer = stackalloc byte[256];
        if (Libc.Statx(fd, "", Libc.AtEmptyPath, Libc.StatxBasicStats, buffer) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw ConfinedRoot.Error(errno, full);
        }

        var mode = *(ushort*)(buffer + Libc.StatxModeOffset);
        if ((mode & Libc.TypeMask) != Libc.TypeRegular)
        {
            handle.Dispose();
            throw new NotRegularFileException(full, ConfinedRoot.Describe(mode));
        }

        var flags = Libc.Fcntl(fd, Libc.GetFlags, 0);
        if (flags >= 0 && (flags & Libc.NonBlock) != 0)
        {
            Libc.Fcntl(fd, Libc.SetFlags, flags & ~Libc.NonBlock);
        }

        return handle;
    }
}
