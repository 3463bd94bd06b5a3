using SwRel.Repository.Execution;

namespace SwRel.Repository.Tests.Execution;

/// <summary>The confined real disk, passed through call by call: test doubles override the calls they change.</summary>
internal abstract class DelegatingFileSystem : IFileSystem, IDisposable
{
    private ConfinedFileSystem _disk = null!;

    /// <summary>Opens the real disk below <paramref name="root"/> and returns this wrapper: pass as the executor's file-system factory.</summary>
    public IFileSystem For(string root)
    {
        _disk = new ConfinedFileSystem(root);
        return this;
    }

    public virtual bool FileExists(string path) => _disk.FileExists(path);

    public virtual bool DirectoryExists(string path) => _disk.DirectoryExists(path);

    public virtual IReadOnlyList<string> ListFilesRecursively(string directory) => _disk.ListFilesRecursively(directory);

    public virtual IReadOnlyList<string> ListDirectories(string directory) => _disk.ListDirectories(directory);

    public virtual IReadOnlyList<string> ListFiles(string directory) => _disk.ListFiles(directory);

    public virtual long FileLength(string path) => _disk.FileLength(path);

    public virtual Stream OpenRead(string path) => _disk.OpenRead(path);

    public virtual void CreateDirectory(string path) => _disk.CreateDirectory(path);

    public virtual void WriteNewFile(string path, ReadOnlySpan<byte> content) => _disk.WriteNewFile(path, content);

    public virtual void CopyFile(string source, string destination) => _disk.CopyFile(source, destination);

    public virtual bool TryLinkFile(string source, string destination) => _disk.TryLinkFile(source, destination);

    public virtual void Move(string source, string destination) => _disk.Move(source, destination);

    public virtual void DeleteFile(string path) => _disk.DeleteFile(path);

    public virtual void DeleteDirectory(string path) => _disk.DeleteDirectory(path);

    public virtual IDisposable Lock(string path) => _disk.Lock(path);

    public void Dispose() => _disk.Dispose();
}
