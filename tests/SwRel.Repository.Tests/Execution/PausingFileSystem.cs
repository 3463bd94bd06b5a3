using SwRel.Repository.Execution;

namespace SwRel.Repository.Tests.Execution;

/// <summary>
/// The real disk, except that the change numbered <c>pauseAt</c> (from 0) is not made: instead the process
/// writes <c>marker</c> and waits to be killed, so that a test kills a child process at a chosen point mid-apply.
/// </summary>
internal sealed class PausingFileSystem(int pauseAt, string marker) : IFileSystem, IDisposable
{
    private int _operations;

    private ConfinedFileSystem _disk = null!;

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

    public void CreateDirectory(string path)
    {
        Pause();
        _disk.CreateDirectory(path);
    }

    public void WriteNewFile(string path, ReadOnlySpan<byte> content)
    {
        Pause();
        _disk.WriteNewFile(path, content);
    }

    public void CopyFile(string source, string destination)
    {
        Pause();
        _disk.CopyFile(source, destination);
    }

    public bool TryLinkFile(string source, string destination)
    {
        Pause();
        return _disk.TryLinkFile(source, destination);
    }

    public void Move(string source, string destination)
    {
        Pause();
        _disk.Move(source, destination);
    }

    public void DeleteFile(string path)
    {
        Pause();
        _disk.DeleteFile(path);
    }

    public void DeleteDirectory(string path)
    {
        Pause();
        _disk.DeleteDirectory(path);
    }

    public IDisposable Lock(string path) => _disk.Lock(path);

    private void Pause()
    {
        if (_operations++ == pauseAt)
        {
            File.WriteAllText(marker, "paused");
            Thread.Sleep(Timeout.Infinite);
        }
    }

    public void Dispose() => _disk.Dispose();
}
