using SwRel.Repository.Execution;

namespace SwRel.Repository.Tests.Execution;

/// <summary>
/// The real disk, except that the operation numbered <see cref="CrashAt"/> (counting the ones that change
/// the disk, from 0) "crashes the machine": it throws instead of running, and so does every call after it,
/// reads included. A copy that crashes leaves half a file behind, as a real crash would.
/// </summary>
internal sealed class FaultyFileSystem(int crashAt) : IFileSystem, IDisposable
{
    private ConfinedFileSystem _disk = null!;

    /// <summary>Opens the real disk below <paramref name="root"/> and returns this wrapper: pass as the executor's file-system factory.</summary>
    public IFileSystem For(string root)
    {
        _disk = new ConfinedFileSystem(root);
        return this;
    }

    public int CrashAt { get; } = crashAt;

    public int Operations { get; private set; }

    public bool Crashed { get; private set; }

    public bool FileExists(string path) => Read(() => _disk.FileExists(path));

    public bool DirectoryExists(string path) => Read(() => _disk.DirectoryExists(path));

    public IReadOnlyList<string> ListFilesRecursively(string directory) => Read(() => _disk.ListFilesRecursively(directory));

    public IReadOnlyList<string> ListDirectories(string directory) => Read(() => _disk.ListDirectories(directory));

    public IReadOnlyList<string> ListFiles(string directory) => Read(() => _disk.ListFiles(directory));

    public long FileLength(string path) => Read(() => _disk.FileLength(path));

    public Stream OpenRead(string path) => Read(() => _disk.OpenRead(path));

    public void CreateDirectory(string path) => Change(() => _disk.CreateDirectory(path));

    public void WriteNewFile(string path, ReadOnlySpan<byte> content)
    {
        var bytes = content.ToArray();
        Change(() => _disk.WriteNewFile(path, bytes), () => File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]));
    }

    public void CopyFile(string source, string destination) =>
        Change(() => _disk.CopyFile(source, destination), () =>
        {
            var bytes = File.ReadAllBytes(source);
            File.WriteAllBytes(destination, bytes[..(bytes.Length / 2)]);
        });

    public bool TryLinkFile(string source, string destination)
    {
        var linked = false;
        Change(() => linked = _disk.TryLinkFile(source, destination));
        return linked;
    }

    public void Move(string source, string destination) => Change(() => _disk.Move(source, destination));

    public void DeleteFile(string path) => Change(() => _disk.DeleteFile(path));

    public void DeleteDirectory(string path) => Change(() => _disk.DeleteDirectory(path), () =>
    {
        // A recursive delete that dies half-way: one file gone, the rest still there.
        var first = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).FirstOrDefault();
        if (first is not null)
        {
            File.Delete(first);
        }
    });

    public IDisposable Lock(string path) => Read(() => _disk.Lock(path));

    private T Read<T>(Func<T> read)
    {
        if (Crashed)
        {
            throw new SimulatedCrashException();
        }

        return read();
    }

    private void Change(Action change, Action? partial = null)
    {
        if (Crashed)
        {
            throw new SimulatedCrashException();
        }

        if (Operations++ == CrashAt)
        {
            Crashed = true;
            partial?.Invoke();
            throw new SimulatedCrashException();
        }

        change();
    }

    public void Dispose() => _disk.Dispose();
}
