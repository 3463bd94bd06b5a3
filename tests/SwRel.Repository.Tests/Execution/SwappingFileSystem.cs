using SwRel.Repository.Execution;

namespace SwRel.Repository.Tests.Execution;

/// <summary>
/// The confined disk, except that just before the call numbered <c>swapAt</c> (counting every call, reads included,
/// from 0) it runs <c>swap</c>: an attacker changing the tree (swapping a folder for a link) while the run goes on.
/// </summary>
internal sealed class SwappingFileSystem(int swapAt, Action swap) : IFileSystem, IDisposable
{
    private ConfinedFileSystem _disk = null!;

    public int Operations { get; private set; }

    public bool Swapped { get; private set; }

    /// <summary>Opens the real disk below <paramref name="root"/> and returns this wrapper: pass as the executor's file-system factory.</summary>
    public IFileSystem For(string root)
    {
        _disk = new ConfinedFileSystem(root);
        return this;
    }

    public bool FileExists(string path) => Call(() => _disk.FileExists(path));

    public bool DirectoryExists(string path) => Call(() => _disk.DirectoryExists(path));

    public IReadOnlyList<string> ListFilesRecursively(string directory) => Call(() => _disk.ListFilesRecursively(directory));

    public IReadOnlyList<string> ListDirectories(string directory) => Call(() => _disk.ListDirectories(directory));

    public IReadOnlyList<string> ListFiles(string directory) => Call(() => _disk.ListFiles(directory));

    public long FileLength(string path) => Call(() => _disk.FileLength(path));

    public Stream OpenRead(string path) => Call(() => _disk.OpenRead(path));

    public void CreateDirectory(string path) => Call(() => _disk.CreateDirectory(path));

    public void WriteNewFile(string path, ReadOnlySpan<byte> content)
    {
        var bytes = content.ToArray();
        Call(() => _disk.WriteNewFile(path, bytes));
    }

    public void CopyFile(string source, string destination) => Call(() => _disk.CopyFile(source, destination));

    public bool TryLinkFile(string source, string destination) => Call(() => _disk.TryLinkFile(source, destination));

    public void Move(string source, string destination) => Call(() => _disk.Move(source, destination));

    public void DeleteFile(string path) => Call(() => _disk.DeleteFile(path));

    public void DeleteDirectory(string path) => Call(() => _disk.DeleteDirectory(path));

    public IDisposable Lock(string path) => Call(() => _disk.Lock(path));

    public void Dispose() => _disk.Dispose();

    private void Call(Action action) => Call(() =>
    {
        action();
        return 0;
    });

    private T Call<T>(Func<T> action)
    {
        if (Operations++ == swapAt)
        {
            swap();
            Swapped = true;
        }

        return action();
    }
}
