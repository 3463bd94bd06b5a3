using System.Runtime.InteropServices;

namespace SwRel.IO;

/// <summary>The Linux system calls that <see cref="ConfinedRoot"/> resolves paths with, one directory handle at a time.</summary>
/// <remarks>Flag values are those of Linux on x86-64 and AArch64 (<see cref="IsSupported"/>); elsewhere the portable checks are used.</remarks>
internal static partial class Libc
{
    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtRemoveDir = 0x200;
    public const int AtSymlinkFollow = 0x400;
    public const int AtEmptyPath = 0x1000;

    public const int ReadOnly = 0;
    public const int WriteOnly = 1;
    public const int ReadWrite = 2;
    public const int Create = 0x40;
    public const int Exclusive = 0x80;
    public const int NoCtty = 0x100;
    public const int NonBlock = 0x800;
    public const int CloseOnExec = 0x80000;
    public const int PathOnly = 0x200000;

    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int EMLINK = 31;
    public const int ENOSYS = 38;
    public const int ENOTEMPTY = 39;
    public const int ELOOP = 40;
    public const int EOPNOTSUPP = 95;

    public const int GetFlags = 3;
    public const int SetFlags = 4;
    public const int LockExclusive = 2;
    public const int LockNonBlocking = 4;
    public const int LockUnlock = 8;
    public const uint RenameNoReplace = 1;
    public const uint RenameExchange = 2;
    public const uint StatxBasicStats = 0x7ff;

    // Offsets in struct statx of stx_mode (16 bits) and stx_size (64 bits), the same on every architecture.
    public const int StatxModeOffset = 28;
    public const int StatxSizeOffset = 40;

    public const int TypeMask = 0xF000;
    public const int TypeFifo = 0x1000;
    public const int TypeCharacterDevice = 0x2000;
    public const int TypeDirectory = 0x4000;
    public const int TypeBlockDevice = 0x6000;
    public const int TypeRegular = 0x8000;
    public const int TypeLink = 0xA000;
    public const int TypeSocket = 0xC000;

    private const string Library = "libc";

    /// <summary>Gets whether the calls and flag values here apply to this process (Linux on x86-64 or AArch64).</summary>
    public static bool IsSupported { get; } =
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>Gets <c>O_DIRECTORY</c>, which differs between the two architectures.</summary>
    public static int Directory { get; } = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : 0x10000;

    /// <summary>Gets <c>O_NOFOLLOW</c>, which differs between the two architectures.</summary>
    public static int NoFollow { get; } = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;

    [LibraryImport(Library, EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenAt(int directory, string path, int flags, int mode);

    [LibraryImport(Library, EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MakeDirectoryAt(int directory, string path, int mode);

    [LibraryImport(Library, EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int UnlinkAt(int directory, string path, int flags);

    [LibraryImport(Library, EntryPoint = "renameat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RenameAt(int fromDirectory, string from, int toDirectory, string to);

    [LibraryImport(Library, EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RenameAt2(int fromDirectory, string from, int toDirectory, string to, uint flags);

    [LibraryImport(Library, EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LinkAt(int fromDirectory, string from, int toDirectory, string to, int flags);

    [LibraryImport(Library, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);

    // The same calls on names as raw bytes (NUL-terminated), for names read from a folder that are not valid UTF-8.
    [LibraryImport(Library, EntryPoint = "openat", SetLastError = true)]
    public static partial int OpenAtRaw(int directory, byte[] path, int flags, int mode);

    [LibraryImport(Library, EntryPoint = "unlinkat", SetLastError = true)]
    public static partial int UnlinkAtRaw(int directory, byte[] path, int flags);

    [LibraryImport(Library, EntryPoint = "renameat2", SetLastError = true)]
    public static partial int RenameAt2Raw(int fromDirectory, byte[] from, int toDirectory, byte[] to, uint flags);

    [LibraryImport(Library, EntryPoint = "statx", SetLastError = true)]
    public static unsafe partial int StatxRaw(int directory, byte[] path, int flags, uint mask, byte* buffer);

    /// <summary>The <c>openat2</c> system call (number 437 on x86-64 and AArch64; glibc has no wrapper for it).</summary>
    public const long OpenAt2Number = 437;
    public const ulong ResolveNoMagicLinks = 0x02;
    public const ulong ResolveNoSymlinks = 0x04;
    public const ulong ResolveBeneath = 0x08;

    /// <summary>Calls <c>openat2(directory, path, how, size)</c> through <c>syscall</c>.</summary>
    [LibraryImport(Library, EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial long SyscallOpenAt2(long number, int directory, string path, OpenHow* how, nuint size);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport(Library, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport(Library, EntryPoint = "fdopendir", SetLastError = true)]
    public static partial nint FdOpenDir(int fd);

    [LibraryImport(Library, EntryPoint = "readdir", SetLastError = true)]
    public static partial nint ReadDir(nint directory);

    [LibraryImport(Library, EntryPoint = "closedir", SetLastError = true)]
    public static partial int CloseDir(nint directory);

    /// <summary>The <c>struct open_how</c> of <c>openat2</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }
}
