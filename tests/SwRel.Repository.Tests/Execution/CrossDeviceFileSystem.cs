using SwRel.Repository.Execution;

namespace SwRel.Repository.Tests.Execution;

/// <summary>
/// The confined disk as it behaves when the areas of a root lie on different file systems: no file can get a second
/// name in another area (the kernel answers <c>EXDEV</c>), so every promote has to copy.
/// </summary>
internal sealed class CrossDeviceFileSystem : IFileSystem, IDisposable
{
    private ConfinedFileSystem _disk = null!;

    public int LinksRefused { get; private set; }

    /// <summary>Opens the real disk below <paramref name="root"/> and returns this wrapper: pass as the executor's file-system factory.</summary>
    public IFileSystem For(string root)
    {
        _disk = new ConfinedFileSystem(root);
        return this;
    }

    public bool FileExists(string path) => _disk.FileExists(path);

    public bool DirectoryExists(string path) => _disk.DirectoryExists(path);

    public IReadOnlyList<string> ListFilesRecursively(string directory) => _disk.ListFilesRecursively(directory);

    public IReadOnlyList<string> ListDirectories(string directory) => _disk.ListDirectories(directory);

    public IReadOnlyList<string> ListFiles(string directory) => _disk.ListFiles(directory);

    public long FileLength(string path) => _disk.FileLength(path);

    public Stream OpenRead(string path) => _disk.OpenRead(path);

    public void CreateDirectory(string path) => _disk.CreateDirectory(path);

    public void WriteNewFile(string path, ReadOnlySpan<byte> content) => _disk.WriteNewFile(path, content);

    public void CopyFile(string source, string destination) => _disk.CopyFile(source, destination);

    public bool TryLinkFile(string source, string destination)
    {
        LinksRefused++;
        return false;
    }

    public void Move(string source, string destination) => _disk.Move(source, destination);

    public void DeleteFile(string path) => _disk.DeleteFile(path);

    public void DeleteDirectory(string path) => _disk.DeleteDirectory(path);

    public IDisposable Lock(string path) => _disk.Lock(path);

    public void Dispose() => _disk.Dispose();
}
