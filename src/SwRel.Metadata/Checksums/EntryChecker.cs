using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using SwRel.IO;

namespace SwRel.Metadata.Checksums;

/// <summary>
/// One verification worker: looks at, opens and hashes one manifest entry at a time, and makes its result.
/// </summary>
/// <remarks>
/// <para>On trees of small files the cost per file, not hashing, decides, so the common case is kept to the calls
/// that <c>sha256sum</c> makes too: the folder of the last entry stays open (entries of one folder usually follow
/// each other), and a file is looked at, opened and looked at again from that folder's handle with bare descriptors
/// (<see cref="ConfinedRoot.OpenReadDescriptor"/>): never through a link, no path split, no handle object. Anything
/// unusual (a folder that is missing, a link, not a folder; a name that is not a file) is looked at again by the
/// general path below the root, so that its status and reason are exactly those of a full lookup.</para>
/// <para>Not thread-safe: each worker has its own. It rents one buffer and keeps one <see cref="IncrementalHash"/> per
/// algorithm until disposed.</para>
/// </remarks>
internal sealed class EntryChecker : IDisposable
{
    private readonly ConfinedRoot _root;
    private readonly byte[] _buffer;
    private readonly int _bufferSize;
    private readonly ProgressCounter _counter;
    private readonly IncrementalHash?[] _hashes = new IncrementalHash?[ChecksumAlgorithms.All.Count];
    private readonly byte[]?[] _emptyDigests = new byte[]?[ChecksumAlgorithms.All.Count];
    private string? _folder;
    private ConfinedRoot? _folderRoot;

    public EntryChecker(ConfinedRoot root, int bufferSize, ProgressCounter counter)
    {
        _root = root;
        _bufferSize = bufferSize;
        _counter = counter;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    /// <summary>Checks one entry that <see cref="ManifestPathPolicy"/> accepted.</summary>
    /// <exception cref="OperationCanceledException">Cancelled while hashing.</exception>
    public EntryResult Check(ChecksumEntry entry, CancellationToken cancellationToken)
    {
        ManifestPathPolicy.TryCheckLexically(entry.Path, out var relative, out _, out _);
        var slash = relative.LastIndexOf('/');
        var folder = Libc.IsSupported ? Folder(relative, slash) : null;
        if (folder is null)
        {
            return CheckByPath(entry, relative, cancellationToken);
        }

        int fd;
        EntryKind kind;
        long length;
        try
        {
            fd = folder.OpenReadDescriptor(slash < 0 ? relative : relative[(slash + 1)..], out kind, out length);
        }
        catch (FileNotFoundException)
        {
            return Result(entry, EntryStatus.Missing);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result(entry, EntryStatus.Unreadable, reason: e.Message);
        }

        if (fd < 0)
        {
            // Missing, a folder, a link, a FIFO...: rare, and the full lookup words why.
            return kind == EntryKind.Missing ? Result(entry, EntryStatus.Missing) : CheckByPath(entry, relative, cancellationToken);
        }

        try
        {
            if (entry.Size is { } stated && stated != length)
            {
                return Result(entry, EntryStatus.SizeMismatch, actualSize: length);
            }

            var hash = Hash(entry.StrongestAlgorithm);
            long offset = 0;
            try
            {
                // Read up to the size the descriptor reported, not to a final empty read: an empty file costs no read
                // at all, a small one a single read.
                int read;
                while (offset < length && (read = ReadDescriptor(fd, relative)) > 0)
                {
                    hash.AppendData(_buffer, 0, read);
                    offset += read;
                    _counter.AddBytes(read);
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            catch (IOException e)
            {
                // Leave the hash ready for the next file.
                hash.GetHashAndReset();
                return Result(entry, EntryStatus.Unreadable, actualSize: length, reason: e.Message);
            }

            return Hashed(entry, hash, offset);
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    public void Dispose()
    {
        _folderRoot?.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        foreach (var hash in _hashes)
        {
            hash?.Dispose();
        }
    }

    /// <summary>The open folder of <paramref name="relative"/>, or <see langword="null"/> when it cannot be opened as one (the general path then says why).</summary>
    private ConfinedRoot? Folder(string relative, int slash)
    {
        if (slash < 0)
        {
            return _root;
        }

        var name = relative.AsSpan(0, slash);
        if (_folder is not null && name.SequenceEqual(_folder))
        {
            return _folderRoot;
        }

        _folderRoot?.Dispose();
        _folderRoot = null;
        _folder = relative[..slash];
        try
        {
            _folderRoot = _root.OpenDirectory(_folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Missing, a link, not a folder: every entry below it takes the general path.
        }

        return _folderRoot;
    }

    private unsafe int ReadDescriptor(int fd, string relative)
    {
        fixed (byte* buffer = _buffer)
        {
            while (true)
            {
                var read = Libc.Read(fd, buffer, (nuint)_bufferSize);
                if (read >= 0)
                {
                    return (int)read;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != Libc.EINTR)
                {
                    throw ConfinedRoot.Error(errno, _root.Display(relative));
                }
            }
        }
    }

    /// <summary>The general path: looked at and opened one folder at a time from the root (and off Linux).</summary>
    private EntryResult CheckByPath(ChecksumEntry entry, string relative, CancellationToken cancellationToken)
    {
        long length;
        try
        {
            switch (FileProbe.Inspect(_root, relative, out length, out var reason))
            {
                case EntryKind.Missing:
                    return Result(entry, EntryStatus.Missing);
                case EntryKind.Directory or EntryKind.SymbolicLink or EntryKind.Other:
                    return Result(entry, EntryStatus.Unreadable, reason: reason);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result(entry, EntryStatus.Unreadable, reason: e.Message);
        }

        if (entry.Size is { } stated && stated != length)
        {
            return Result(entry, EntryStatus.SizeMismatch, actualSize: length);
        }

        var hash = Hash(entry.StrongestAlgorithm);
        long offset = 0;
        try
        {
            using SafeFileHandle handle = _root.OpenRead(relative);
            var buffer = _buffer.AsSpan(0, _bufferSize);
            int read;
            while ((read = RandomAccess.Read(handle, buffer, offset)) > 0)
            {
                hash.AppendData(buffer[..read]);
                offset += read;
                _counter.AddBytes(read);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            hash.GetHashAndReset();
            return Result(entry, EntryStatus.Missing);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            hash.GetHashAndReset();
            return Result(entry, EntryStatus.Unreadable, actualSize: length, reason: e.Message);
        }

        return Hashed(entry, hash, offset);
    }

    private IncrementalHash Hash(ChecksumAlgorithm algorithm) =>
        _hashes[(int)algorithm] ??= IncrementalHash.CreateHash(ChecksumAlgorithms.ToHashAlgorithmName(algorithm));

    private EntryResult Hashed(ChecksumEntry entry, IncrementalHash hash, long bytesRead)
    {
        Span<byte> digest = stackalloc byte[64];
        int written;
        if (bytesRead == 0)
        {
            // Nothing was appended, so the hash is still fresh: the digest of no bytes is the same for every empty
            // file, and finishing and restarting the hash would cost more than opening the file did.
            var empty = _emptyDigests[(int)entry.StrongestAlgorithm] ??= hash.GetHashAndReset();
            empty.CopyTo(digest);
            written = empty.Length;
        }
        else
        {
            written = hash.GetHashAndReset(digest);
        }

        var expected = entry.StrongestHash;

        // A match shares the expected string: one hexadecimal string per result.
        var matches = entry.IsStrongestDigest(digest[..written]);
        var actual = matches ? expected : HexDigest.ToHex(digest[..written]);
        var status = entry.Size is { } size && size != bytesRead ? EntryStatus.SizeMismatch
            : matches ? EntryStatus.Ok
            : EntryStatus.Mismatch;
        return Result(entry, status, actual, bytesRead, expected: expected);
    }

    private static EntryResult Result(ChecksumEntry entry, EntryStatus status, string? actual = null, long? actualSize = null, string? reason = null, string? expected = null) => new()
    {
        Path = entry.Path,
        Status = status,
        Algorithm = entry.StrongestAlgorithm,
        Expected = expected ?? entry.StrongestHash,
        Actual = actual,
        ExpectedSize = entry.Size,
        ActualSize = actualSize,
        Reason = reason,
    };
}
